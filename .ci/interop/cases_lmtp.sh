# LMTP cases (RFC 2033): ./pigeon send --protocol lmtp straight into the private Dovecot, over its
# unix-domain socket and over TCP; delivery is proven by the Message-ID in alice's Maildir.
# Sourced by .ci/interop/run after cases_tls.sh (it uses new_message_id, need_send, arrived,
# transcript_has and stderr_mentions from there).
#
# Dovecot's lmtp service keeps its built-in unix listener "lmtp" under base_dir beside the TCP
# listener dovecot.sh configures, so the socket is $WORK/dovecot/run/lmtp.


# One message to alice@w.test over Dovecot's unix-domain LMTP socket.
case_lmtp_dovecot_unix_socket() {
  need_send --protocol --socket || return 2
  local DV_LMTP_SOCKET=${DV_LMTP_SOCKET:-$WORK/dovecot/run/lmtp} # WORK exists only once the suite runs
  [ -S "$DV_LMTP_SOCKET" ] || { echo "no Dovecot LMTP socket at $DV_LMTP_SOCKET"; return 2; }
  new_message_id lmtp-unix
  run_client send --protocol lmtp --socket "$DV_LMTP_SOCKET" --from a@x.test --to alice@w.test --body hi \
    --header "Message-ID: $MID" --timeout 30
  expect_rc 0 || return 1
  transcript_has " -> LHLO " "LHLO, not EHLO" || return 1
  transcript_has "=== Connected to unix socket $DV_LMTP_SOCKET" "the unix-socket connection" || return 1
  arrived 10 "$DV_MAILDIR"
}

# Over TCP, with an unknown user beside alice: Dovecot refuses that one at RCPT (550 5.1.1),
# alice gets her own 250 after the data; exit 0 and the refusal named on stderr.
case_lmtp_dovecot_tcp_mixed_recipients() {
  need_send --protocol || return 2
  new_message_id lmtp-tcp
  run_client send --protocol lmtp --server 127.0.0.1 --port "$DV_LMTP_PORT" --from a@x.test \
    --to alice@w.test --to nobody@w.test --body hi --header "Message-ID: $MID" --timeout 30
  expect_rc 0 || return 1
  stderr_mentions "recipient nobody@w.test refused" || return 1
  transcript_has "<-  250 2.0.0 <alice@w.test>" "alice's own reply after the data" || return 1
  arrived 10 "$DV_MAILDIR"
}

INTEROP_CASES+=(
  lmtp_dovecot_unix_socket
  lmtp_dovecot_tcp_mixed_recipients
)
