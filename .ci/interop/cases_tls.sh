# TLS and AUTH cases: ./pigeon against the private Postfix (STARTTLS, implicit TLS, submission
# with Dovecot SASL) and Dovecot (LMTP, IMAP); independent clients (smtplib, swaks) against
# `pigeon serve` with TLS and AUTH. Sourced by .ci/interop/run after cases.sh.
#
# A case whose pigeon flags have not landed yet SKIPs (return 2) with the missing flag named.
# Each message carries its own Message-ID, and delivery is proven by finding that Message-ID in
# the Maildir. What Postfix saw is read from its log: every TLS listener has its own syslog_name,
# and smtpd's "disconnect from ... ehlo=2 starttls=1 auth=1 mail=1 ..." line counts the
# commands of a session (so "no auth=" means no AUTH command reached Postfix).

# True if `pigeon send --help` (or serve's) lists every flag given.
help_lists() { # help-file, flag...
  local file=$1 flag; shift
  for flag in "$@"; do
    grep -qE -- "(^|[][ ,|])$flag([]=[, ]|\$)" "$file" || return 1
  done
}
send_has() { help_lists "$SEND_HELP" "$@"; }
serve_has() { help_lists "$SERVE_HELP" "$@"; }
need_send() { # flag...: prints the reason and fails if one is missing
  local flag
  for flag in "$@"; do
    send_has "$flag" || { echo "pigeon send has no $flag yet"; return 1; }
  done
}

tls_serve_running() {
  [ -n "${TLS_SERVE_PORT:-}" ] && return 0
  if [ -n "$SELF_TEST" ]; then echo "pigeon serve is not part of --self-test"; else
    echo "pigeon serve has no --tls-self-signed/--user/--require-auth yet"; fi
  return 1
}

export PIGEON_INTEROP_PASSWORD=$DV_PASSWORD # read through --auth-password-env by the cases
export PIGEON_INTEROP_SERVE_PASSWORD=$SERVE_PASSWORD
CA_ARGS=() # filled in by the first case that needs it (TLS_DIR is set after sourcing)
tls_args() { CA_ARGS=(--tls-ca "$TLS_DIR/ca.pem"); }

new_message_id() { MID="<$1.$$.$RANDOM@interop.test>"; }

# Sends one message with its own Message-ID: send_to PORT RECIPIENT ARGS...
send_to() {
  local port=$1 to=$2; shift 2
  new_message_id "${CASE_DIR##*/}"
  run_client send --server 127.0.0.1 --port "$port" --from a@x.test --to "$to" --body hi \
    --header "Message-ID: $MID" "$@"
}

# Waits up to $1 seconds for the message $MID in Maildir $2 (new/ or cur/).
arrived() {
  local deadline=$((SECONDS + $1))
  while :; do
    grep -lqsF -- "$MID" "$2"/new/* "$2"/cur/* 2>/dev/null && return 0
    [ "$SECONDS" -lt "$deadline" ] || { echo "message $MID did not reach $2 (see $WORK/postfix/maillog)"; return 1; }
    sleep 0.1
  done
}
not_arrived() { # maildir: nothing with $MID there after a short wait for a queued delivery
  sleep 0.3
  if grep -lqsF -- "$MID" "$1"/new/* "$1"/cur/* 2>/dev/null; then echo "message $MID was delivered"; return 1; fi
}

# Postfix log: remember the size before the client runs; then find that session's lines.
log_mark() { LOG_MARK=$(stat -c %s "$PF_LOG" 2>/dev/null || echo 0); }
log_since_mark() { tail -c +"$((LOG_MARK + 1))" "$PF_LOG" 2>/dev/null; }
# Prints the "disconnect from" line of listener $1 (syslog name) logged since the mark.
session_line() {
  local i line
  for i in $(seq 1 50); do
    line=$(log_since_mark | grep -E "postfix/$1/smtpd\[[0-9]+\]: disconnect from" | tail -n 1)
    [ -n "$line" ] && { echo "$line"; return 0; }
    sleep 0.1
  done
  echo "no 'disconnect from' line of postfix/$1 in the log$(stderr_hint)"
  return 1
}
# True if nothing connected to listener $1 since the mark (a client that refused to start).
no_session() {
  sleep 0.2
  ! log_since_mark | grep -qE "postfix/$1/smtpd\[[0-9]+\]: connect from"
}
session_lacks() { # listener, command...: the session sent none of these commands
  local line cmd
  line=$(session_line "$1") || { echo "$line"; return 1; }
  shift
  for cmd in "$@"; do
    [[ " $line " == *" $cmd="* ]] && { echo "Postfix saw ${cmd^^}: ${line##*: }"; return 1; }
  done
  return 0
}
session_has() { # listener, pattern (fixed string in the disconnect line)
  local line
  line=$(session_line "$1") || { echo "$line"; return 1; }
  [[ "$line" == *"$2"* ]] || { echo "expected '$2' in Postfix's session line: ${line##*: }"; return 1; }
}

transcript_has() { # fixed string at the start of a stdout line, what it shows
  grep -qF -- "$1" "$OUT" && return 0
  echo "the transcript has no '$1' ($2)"
  return 1
}
stderr_mentions() { # fixed string (case-insensitive)
  grep -qiF -- "$1" "$ERR" && return 0
  echo "stderr does not mention '$1':$(head -c 300 "$ERR" | tr '\n' ' ')"
  return 1
}

# Neither the password nor any base64 form a mechanism would send may show anywhere.
no_secret_shown() { # user, password
  local forms=("$2") f file
  forms+=("$(printf '\0%s\0%s' "$1" "$2" | base64 -w0)" "$(printf '%s\0%s\0%s' "$1" "$1" "$2" | base64 -w0)")
  forms+=("$(printf '%s' "$2" | base64 -w0)")
  for file in "$OUT" "$ERR"; do
    for f in "${forms[@]}"; do
      grep -qF -- "$f" "$file" && { echo "${file##*/} shows the secret (as '$f')"; return 1; }
    done
  done
  return 0
}

# --- STARTTLS and certificate verification against Postfix --------------------------------------
case_tls_starttls_postfix() {
  need_send --tls --tls-ca || return 2
  tls_args; log_mark
  send_to "$PF_TLS_PORT" b@y.test --tls "${CA_ARGS[@]}"
  expect_rc 0 || return 1
  transcript_has "=== TLS started" "handshake note" || return 1
  transcript_has " ~> " "lines sent under TLS" || return 1
  grep -qE '^ ~> MAIL FROM' "$OUT" || { echo "MAIL FROM was not sent under TLS"; return 1; }
  session_has starttls "starttls=1" || return 1
  arrived 30 "$PF_MAILDIR"
}

case_tls_default_starttls_when_offered() {
  need_send --tls-ca || return 2
  tls_args; log_mark
  send_to "$PF_TLS_PORT" b@y.test "${CA_ARGS[@]}"
  expect_rc 0 || return 1
  transcript_has "=== TLS started" "STARTTLS is the default when offered" || return 1
  session_has starttls "starttls=1" || return 1
  arrived 30 "$PF_MAILDIR"
}

case_tls_default_plain_when_not_offered() {
  need_send --tls || return 2 # a client without TLS support passes this trivially
  log_mark
  send_to "$PF_PORT" b@y.test
  expect_rc 0 || return 1
  if grep -qF "=== TLS started" "$OUT"; then echo "TLS started on a listener without STARTTLS"; return 1; fi
  arrived 30 "$PF_MAILDIR"
}

case_tls_required_but_not_offered() {
  need_send --tls || return 2
  log_mark
  send_to "$PF_PORT" b@y.test --tls
  if [ "$RC" = 0 ]; then echo "exit 0 although --tls and the server offers no STARTTLS"; return 1; fi
  session_lacks plain mail rcpt auth || return 1
  not_arrived "$PF_MAILDIR"
}

case_tls_untrusted_by_default() {
  need_send --tls || return 2
  log_mark
  send_to "$PF_TLS_PORT" b@y.test --tls # the test CA is not in the system trust store
  expect_rc 77 || return 1
  stderr_mentions "--tls-ca" || return 1
  session_lacks starttls mail rcpt auth
}

case_tls_other_ca() {
  need_send --tls --tls-ca || return 2
  log_mark
  send_to "$PF_TLS_PORT" b@y.test --tls --tls-ca "$TLS_DIR/untrusted.pem"
  expect_rc 77 || return 1
  session_lacks starttls mail rcpt auth
}

case_tls_wrong_host_name() {
  need_send --tls --tls-ca || return 2
  tls_args; log_mark
  send_to "$PF_WRONG_PORT" b@y.test --tls "${CA_ARGS[@]}"
  expect_rc 77 || return 1
  if [ -z "$SELF_TEST" ]; then # the reason names the name we had and the names the certificate holds
    stderr_mentions "127.0.0.1" || return 1
    stderr_mentions "wrong.example" || return 1
  fi
  session_lacks wrongname mail rcpt auth
}

case_tls_expired() {
  need_send --tls --tls-ca || return 2
  tls_args; log_mark
  send_to "$PF_EXPIRED_PORT" b@y.test --tls "${CA_ARGS[@]}"
  expect_rc 77 || return 1
  stderr_mentions "expired" || return 1
  session_lacks expired mail rcpt auth
}

case_tls_insecure() {
  need_send --tls --tls-insecure || return 2
  log_mark
  send_to "$PF_WRONG_PORT" b@y.test --tls --tls-insecure
  expect_rc 0 || return 1
  grep -qiE 'warn|insecure|not verif' "$ERR" || { echo "no warning on stderr for --tls-insecure"; return 1; }
  transcript_has "=== TLS started" "handshake note" || return 1
  arrived 30 "$PF_MAILDIR"
}

case_tls_pin_match() {
  need_send --tls --tls-ca --tls-pin || return 2
  tls_args
  send_to "$PF_TLS_PORT" b@y.test --tls "${CA_ARGS[@]}" --tls-pin "$(interop_pin_of "$TLS_DIR/server.pem")"
  expect_rc 0 || return 1
  arrived 30 "$PF_MAILDIR"
}

case_tls_pin_mismatch() {
  need_send --tls --tls-ca --tls-pin || return 2
  tls_args; log_mark
  send_to "$PF_TLS_PORT" b@y.test --tls "${CA_ARGS[@]}" --tls-pin "$(interop_pin_of "$TLS_DIR/untrusted.pem")"
  expect_rc 77 || return 1
  session_lacks starttls mail rcpt auth
}

case_tls_client_certificate() {
  need_send --tls --tls-ca --tls-cert --tls-key || return 2
  tls_args; log_mark
  send_to "$PF_TLS_PORT" b@y.test --tls "${CA_ARGS[@]}" --tls-cert "$TLS_DIR/client.pem" --tls-key "$TLS_DIR/client.key"
  expect_rc 0 || return 1
  arrived 30 "$PF_MAILDIR" || return 1
  # Postfix (smtpd_tls_ask_ccert, smtpd_tls_CAfile = the test CA) calls a verified client "Trusted".
  log_since_mark | grep -qE 'postfix/starttls/smtpd.*Trusted TLS connection established' ||
    { echo "Postfix did not log a trusted client certificate"; return 1; }
}

case_tls_protocols_tls12() {
  need_send --tls --tls-ca --tls-protocols || return 2
  tls_args
  send_to "$PF_TLS_PORT" b@y.test --tls "${CA_ARGS[@]}" --tls-protocols TLSv1.2
  expect_rc 0 || return 1
  transcript_has "=== TLS started: TLSv1.2" "the protocol asked for" || return 1
  arrived 30 "$PF_MAILDIR"
}

# --- implicit TLS and submission with Dovecot SASL ----------------------------------------------
AUTH_ARGS=(--auth-user alice --auth-password-env PIGEON_INTEROP_PASSWORD)

case_smtps_implicit_tls_auth() {
  need_send --tls-on-connect --tls-ca --auth --auth-user --auth-password-env || return 2
  tls_args; log_mark
  send_to "$PF_SMTPS_PORT" b@y.test --tls-on-connect "${CA_ARGS[@]}" --auth PLAIN "${AUTH_ARGS[@]}"
  expect_rc 0 || return 1
  transcript_has "=== TLS started" "handshake note" || return 1
  no_secret_shown alice "$DV_PASSWORD" || return 1
  session_has smtps "auth=1" || return 1
  arrived 30 "$PF_MAILDIR"
}

case_smtps_untrusted_by_default() {
  need_send --tls-on-connect || return 2
  log_mark
  send_to "$PF_SMTPS_PORT" b@y.test --tls-on-connect
  expect_rc 77 || return 1
  session_lacks smtps ehlo mail auth
}

# One submission through Postfix's port with STARTTLS and AUTH MECH (empty: pigeon's choice).
submit_with() { # mechanism, extra args...
  local mech=$1; shift
  need_send --tls --tls-ca --auth --auth-user --auth-password-env || return 2
  tls_args; log_mark
  send_to "$PF_SUB_PORT" b@y.test --tls "${CA_ARGS[@]}" --auth ${mech:+"$mech"} "${AUTH_ARGS[@]}" "$@"
  expect_rc 0 || return 1
  no_secret_shown alice "$DV_PASSWORD" || return 1
  session_has submission "auth=1" || return 1
  arrived 30 "$PF_MAILDIR" || return 1
  local want=${mech:-SCRAM-SHA-256} # Dovecot's strongest: pigeon must pick it without being told
  log_since_mark | grep -qF "sasl_method=$want, sasl_username=alice" ||
    { echo "Postfix did not log sasl_method=$want for alice"; return 1; }
}
offered_by_submission() { # mechanism: SKIP unless Postfix/Dovecot offer it after STARTTLS
  grep -qF "$1" "$WORK/submission-auth.txt" 2>/dev/null && return 0
  echo "the submission port does not offer $1"
  return 1
}
case_submission_auth_plain() { submit_with PLAIN; }
case_submission_auth_login() { submit_with LOGIN; }
case_submission_auth_cram_md5() { offered_by_submission CRAM-MD5 || return 2; submit_with CRAM-MD5; }
case_submission_auth_scram_sha_1() { offered_by_submission SCRAM-SHA-1 || return 2; submit_with SCRAM-SHA-1; }
case_submission_auth_scram_sha_256() { offered_by_submission SCRAM-SHA-256 || return 2; submit_with SCRAM-SHA-256; }
case_submission_auth_strongest() { offered_by_submission SCRAM-SHA-256 || return 2; submit_with ""; }

case_submission_password_file() {
  need_send --auth-password-file || return 2
  local file=$CASE_DIR/password
  printf '%s\n' "$DV_PASSWORD" >"$file"
  local AUTH_ARGS=(--auth-user alice --auth-password-file "$file")
  submit_with PLAIN
}

case_submission_password_cmd() {
  need_send --auth-password-cmd || return 2
  local AUTH_ARGS=(--auth-user alice --auth-password-cmd "printenv PIGEON_INTEROP_PASSWORD")
  submit_with PLAIN
}

case_submission_wrong_password() {
  need_send --tls --tls-ca --auth --auth-user --auth-password-env || return 2
  tls_args; log_mark
  PIGEON_INTEROP_PASSWORD=wrong-password send_to "$PF_SUB_PORT" b@y.test --tls "${CA_ARGS[@]}" --auth PLAIN "${AUTH_ARGS[@]}"
  expect_rc 77 || return 1
  no_secret_shown alice wrong-password || return 1
  session_lacks submission mail rcpt || return 1
  not_arrived "$PF_MAILDIR"
}

case_submission_needs_auth() {
  need_send --tls --tls-ca || return 2
  tls_args
  send_to "$PF_SUB_PORT" b@y.test --tls "${CA_ARGS[@]}" # Postfix relays only for authenticated clients
  expect_rc 67 || return 1
  not_arrived "$PF_MAILDIR"
}

# --no-tls with --auth: pigeon may refuse before connecting, or connect and not AUTH.
case_submission_no_tls_no_auth() {
  need_send --no-tls --auth --auth-user --auth-password-env || return 2
  log_mark
  send_to "$PF_SUB_PORT" b@y.test --no-tls --auth PLAIN "${AUTH_ARGS[@]}"
  if [ "$RC" = 0 ]; then echo "exit 0 without TLS and without AUTH"; return 1; fi
  no_secret_shown alice "$DV_PASSWORD" || return 1
  no_session submission || session_lacks submission auth mail
}

# Even with --auth-plaintext: Postfix offers AUTH there only after STARTTLS, so none is sent.
case_submission_auth_only_after_tls() {
  need_send --no-tls --auth --auth-user --auth-password-env --auth-plaintext || return 2
  log_mark
  send_to "$PF_SUB_PORT" b@y.test --no-tls --auth PLAIN --auth-plaintext "${AUTH_ARGS[@]}"
  if [ "$RC" = 0 ]; then echo "exit 0 without TLS and without AUTH"; return 1; fi
  no_secret_shown alice "$DV_PASSWORD" || return 1
  session_lacks submission auth mail
}

# A listener that offers AUTH with no TLS at all: credentials stay home unless --auth-plaintext.
case_plaintext_auth_refused() {
  need_send --auth --auth-user --auth-password-env || return 2
  log_mark
  send_to "$PF_PAUTH_PORT" b@y.test --auth PLAIN "${AUTH_ARGS[@]}"
  if [ "$RC" = 0 ]; then echo "exit 0: credentials were sent without TLS, or the mail went unauthenticated"; return 1; fi
  no_secret_shown alice "$DV_PASSWORD" || return 1
  session_lacks plainauth auth mail
}

case_plaintext_auth_challenge_refused() { # CRAM-MD5 hides the password, but it is still no excuse
  need_send --auth --auth-user --auth-password-env || return 2
  log_mark
  send_to "$PF_PAUTH_PORT" b@y.test --auth CRAM-MD5 "${AUTH_ARGS[@]}"
  if [ "$RC" = 0 ]; then echo "exit 0: AUTH CRAM-MD5 without TLS and without --auth-plaintext"; return 1; fi
  session_lacks plainauth auth mail
}

case_plaintext_auth_allowed() {
  need_send --auth --auth-user --auth-password-env --auth-plaintext || return 2
  log_mark
  send_to "$PF_PAUTH_PORT" b@y.test --auth PLAIN --auth-plaintext "${AUTH_ARGS[@]}"
  expect_rc 0 || return 1
  no_secret_shown alice "$DV_PASSWORD" || return 1
  session_has plainauth "auth=1" || return 1
  arrived 30 "$PF_MAILDIR"
}

# Submission to alice@w.test: Postfix hands it to Dovecot by LMTP; found again over IMAP.
case_submission_to_dovecot_lmtp_imap() {
  need_send --tls --tls-ca --auth --auth-user --auth-password-env || return 2
  tls_args
  send_to "$PF_SUB_PORT" alice@w.test --tls "${CA_ARGS[@]}" --auth PLAIN "${AUTH_ARGS[@]}"
  expect_rc 0 || return 1
  arrived 30 "$DV_MAILDIR" || return 1
  "$PY" "$INTEROP_HOME/tls_client.py" imap-find "$DV_IMAP_PORT" alice PIGEON_INTEROP_PASSWORD "$MID"
}

# --- pigeon serve with TLS and AUTH ---------------------------------------------------------------
case_serve_tls_pigeon() {
  tls_serve_running || return 2
  need_send --tls --tls-ca --auth --auth-user --auth-password-env || return 2
  send_to "$TLS_SERVE_PORT" b@y.test --tls --tls-ca "$TLS_SERVE_CA" --auth \
    --auth-user "$SERVE_USER" --auth-password-env PIGEON_INTEROP_SERVE_PASSWORD
  expect_rc 0 || return 1
  transcript_has "=== TLS started" "handshake note" || return 1
  no_secret_shown "$SERVE_USER" "$SERVE_PASSWORD" || return 1
  arrived 10 "$TLS_SERVE_DIR"
}

case_serve_tls_refused_without_ca() {
  tls_serve_running || return 2
  need_send --tls || return 2
  send_to "$TLS_SERVE_PORT" b@y.test --tls # self-signed: refused by default
  expect_rc 77
}

case_serve_tls_smtplib() { # Python's smtplib: STARTTLS verified against the printed PEM, each mechanism
  tls_serve_running || return 2
  local mech
  for mech in PLAIN LOGIN CRAM-MD5 SCRAM-SHA-256; do
    new_message_id "smtplib-$mech"
    "$PY" "$INTEROP_HOME/tls_client.py" send "$TLS_SERVE_PORT" --ca "$TLS_SERVE_CA" --user "$SERVE_USER" \
      --password-env PIGEON_INTEROP_SERVE_PASSWORD --mech "$mech" --message-id "$MID" >"$CASE_DIR/$mech.out" 2>&1 ||
      { echo "smtplib AUTH $mech: $(tail -n 1 "$CASE_DIR/$mech.out")"; return 1; }
    arrived 10 "$TLS_SERVE_DIR" || return 1
  done
}

case_serve_tls_smtplib_wrong_password() {
  tls_serve_running || return 2
  PIGEON_INTEROP_SERVE_PASSWORD=wrong "$PY" "$INTEROP_HOME/tls_client.py" send "$TLS_SERVE_PORT" \
    --ca "$TLS_SERVE_CA" --user "$SERVE_USER" --password-env PIGEON_INTEROP_SERVE_PASSWORD --mech PLAIN \
    --expect 535 >"$CASE_DIR/smtplib.out" 2>&1 || { echo "$(tail -n 1 "$CASE_DIR/smtplib.out")"; return 1; }
}

case_serve_tls_requires_auth() {
  tls_serve_running || return 2
  "$PY" "$INTEROP_HOME/tls_client.py" send "$TLS_SERVE_PORT" --ca "$TLS_SERVE_CA" --expect 530 \
    >"$CASE_DIR/smtplib.out" 2>&1 || { echo "no 530 without AUTH: $(tail -n 1 "$CASE_DIR/smtplib.out")"; return 1; }
}

case_serve_no_auth_before_tls() {
  tls_serve_running || return 2
  "$PY" "$INTEROP_HOME/tls_client.py" features "$TLS_SERVE_PORT" >"$CASE_DIR/features.txt" 2>&1 ||
    { echo "EHLO failed: $(tail -n 1 "$CASE_DIR/features.txt")"; return 1; }
  grep -q '^STARTTLS' "$CASE_DIR/features.txt" || { echo "pigeon serve --tls-self-signed offers no STARTTLS"; return 1; }
  if grep -q '^AUTH' "$CASE_DIR/features.txt"; then echo "pigeon serve offers AUTH before TLS"; return 1; fi
}

case_serve_tls_swaks() {
  tls_serve_running || return 2
  command -v swaks >/dev/null 2>&1 || { echo "swaks is not installed"; return 2; }
  new_message_id swaks
  timeout 60 swaks --server "127.0.0.1:$TLS_SERVE_PORT" --from a@x.test --to b@y.test -tls --tls-verify \
    --tls-ca-path "$TLS_SERVE_CA" --auth PLAIN --auth-user "$SERVE_USER" --auth-password "$SERVE_PASSWORD" \
    --header "Message-ID: $MID" --body hi </dev/null >"$CASE_DIR/swaks.out" 2>&1 ||
    { echo "swaks failed: $(grep -E '^(\*\*\*|<~\* )' "$CASE_DIR/swaks.out" | head -n 1)"; return 1; }
  arrived 10 "$TLS_SERVE_DIR"
}

# --- pigeon serve with implicit TLS (the test CA's certificate, --users FILE) ---------------------
implicit_serve_running() {
  [ -n "${TLSC_SERVE_PORT:-}" ] && return 0
  if [ -n "$SELF_TEST" ]; then echo "pigeon serve is not part of --self-test"; else
    echo "pigeon serve has no --tls-on-connect/--tls-cert/--users yet"; fi
  return 1
}

case_serve_implicit_tls_pigeon() {
  implicit_serve_running || return 2
  need_send --tls-on-connect --tls-ca --auth --auth-user --auth-password-env || return 2
  tls_args
  send_to "$TLSC_SERVE_PORT" b@y.test --tls-on-connect "${CA_ARGS[@]}" --auth \
    --auth-user "$SERVE_USER" --auth-password-env PIGEON_INTEROP_SERVE_PASSWORD
  expect_rc 0 || return 1
  transcript_has "=== TLS started" "handshake note" || return 1
  if grep -qF -- "-> STARTTLS" "$OUT"; then echo "STARTTLS sent on an implicit-TLS connection"; return 1; fi
  no_secret_shown "$SERVE_USER" "$SERVE_PASSWORD" || return 1
  arrived 10 "$TLSC_SERVE_DIR"
}

case_serve_implicit_tls_smtplib() {
  implicit_serve_running || return 2
  new_message_id smtplib-implicit
  "$PY" "$INTEROP_HOME/tls_client.py" send "$TLSC_SERVE_PORT" --implicit --ca "$TLS_DIR/ca.pem" --user "$SERVE_USER" \
    --password-env PIGEON_INTEROP_SERVE_PASSWORD --mech SCRAM-SHA-256 --message-id "$MID" >"$CASE_DIR/smtplib.out" 2>&1 ||
    { echo "smtplib over implicit TLS: $(tail -n 1 "$CASE_DIR/smtplib.out")"; return 1; }
  arrived 10 "$TLSC_SERVE_DIR"
}

case_serve_implicit_tls_swaks() {
  implicit_serve_running || return 2
  command -v swaks >/dev/null 2>&1 || { echo "swaks is not installed"; return 2; }
  new_message_id swaks-implicit
  timeout 60 swaks --server "127.0.0.1:$TLSC_SERVE_PORT" --from a@x.test --to b@y.test -tlsc --tls-verify \
    --tls-ca-path "$TLS_DIR/ca.pem" --auth LOGIN --auth-user "$SERVE_USER" --auth-password "$SERVE_PASSWORD" \
    --header "Message-ID: $MID" --body hi </dev/null >"$CASE_DIR/swaks.out" 2>&1 ||
    { echo "swaks failed: $(grep -E '^(\*\*\*|<~\* )' "$CASE_DIR/swaks.out" | head -n 1)"; return 1; }
  arrived 10 "$TLSC_SERVE_DIR"
}

INTEROP_CASES+=(
  tls_starttls_postfix
  tls_default_starttls_when_offered
  tls_default_plain_when_not_offered
  tls_required_but_not_offered
  tls_untrusted_by_default
  tls_other_ca
  tls_wrong_host_name
  tls_expired
  tls_insecure
  tls_pin_match
  tls_pin_mismatch
  tls_client_certificate
  tls_protocols_tls12
  smtps_implicit_tls_auth
  smtps_untrusted_by_default
  submission_auth_plain
  submission_auth_login
  submission_auth_cram_md5
  submission_auth_scram_sha_1
  submission_auth_scram_sha_256
  submission_auth_strongest
  submission_password_file
  submission_password_cmd
  submission_needs_auth
  submission_no_tls_no_auth
  submission_auth_only_after_tls
  plaintext_auth_refused
  plaintext_auth_challenge_refused
  plaintext_auth_allowed
  submission_to_dovecot_lmtp_imap
  submission_wrong_password # last of the Dovecot cases: a failure makes Dovecot slow down AUTH from the IP
  serve_tls_pigeon
  serve_tls_refused_without_ca
  serve_tls_smtplib
  serve_tls_smtplib_wrong_password
  serve_tls_requires_auth
  serve_no_auth_before_tls
  serve_tls_swaks
  serve_implicit_tls_pigeon
  serve_implicit_tls_smtplib
  serve_implicit_tls_swaks
)
