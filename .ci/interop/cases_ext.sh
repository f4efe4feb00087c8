# ESMTP extension cases: PIPELINING, SIZE, DSN, SMTPUTF8 (and IDN domains), CHUNKING, 8BITMIME
# and `pigeon sendmail`, against the private Postfix (its listeners postfix/ext, postfix/small and
# postfix/old from servers.sh), aiosmtpd; plus a record of the EHLO/LHLO extensions every real
# server offers. Sourced by .ci/interop/run after cases_lmtp.sh (it uses need_send, log_mark,
# session_lacks, arrived... from cases_tls.sh).
#
# What Postfix received is read from its own log: the postfix/ext listener logs every command
# with its parameters ("postfix/ext/smtpd[N]: < localhost[127.0.0.1]: MAIL FROM:<a@x.test>
# SIZE=242"). Where the order of bytes on the wire matters (pipelining, a Bcc field never sent),
# ext_tool.py relays the connection and records what each side sent, in order.

EXT_TOOL=$INTEROP_HOME/ext_tool.py

pigeon_only() { # the smtplib stand-in of --self-test speaks none of these extensions
  [ -z "$SELF_TEST" ] && return 0
  echo "needs ./pigeon (the --self-test stand-in has no ESMTP-extension options)"
  return 1
}

need_sendmail() {
  pigeon_only || return 2
  grep -qE '^ +sendmail ' "$WORK/pigeon-help.out" 2>/dev/null && return 0
  echo "pigeon has no sendmail command yet"
  return 1
}

pf_mailbox() { echo "$WORK/postfix/mail/y.test/$1"; }

# Prints the commands (with parameters) postfix/ext received since log_mark, one a line.
ext_commands() {
  log_since_mark | sed -n 's/.*postfix\/ext\/smtpd\[[0-9]*\]: < localhost\[127\.0\.0\.1\]: //p'
}
# Waits until postfix/ext logged the end of the session (QUIT or a disconnect).
ext_session_done() {
  for _ in $(seq 1 50); do
    log_since_mark | grep -qE 'postfix/ext/smtpd\[[0-9]+\]: (< localhost\[127\.0\.0\.1\]: QUIT|disconnect from)' && return 0
    sleep 0.1
  done
  echo "postfix/ext logged no end of the session"
  return 1
}
ext_received() { # extended regex a command line must match, what it shows
  ext_session_done || return 1
  ext_commands | grep -qE -- "$1" && return 0
  echo "Postfix did not receive $2 (no command matching '$1'; it got: $(ext_commands | cut -c1-80 | head -n 8 | paste -sd '|'))"
  return 1
}
ext_not_received() { # extended regex, what it shows
  ext_session_done || return 1
  ext_commands | grep -qE -- "$1" || return 0
  echo "Postfix received $2: $(ext_commands | grep -E -- "$1" | head -n 1)"
  return 1
}
# The queue id Postfix gave the message of the postfix/ext session since log_mark.
ext_queue_id() {
  log_since_mark | sed -n 's/.*postfix\/ext\/smtpd\[[0-9]*\]: \([0-9A-F]\{6,\}\): client=.*/\1/p' | tail -n 1
}

# Waits up to $1 seconds for a file in Maildir $2 holding the fixed string $3; prints its path.
maildir_file_with() {
  local deadline=$((SECONDS + $1)) f
  while :; do
    f=$(grep -lsF -- "$3" "$2"/new/* "$2"/cur/* 2>/dev/null | head -n 1)
    [ -n "$f" ] && { echo "$f"; return 0; }
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}

# Like run_client, with standard input from file $1.
run_client_stdin() {
  local input=$1; shift
  OUT=$CASE_DIR/stdout ERR=$CASE_DIR/stderr RC=0
  timeout -k 5 "$CASE_TIMEOUT" "${CLIENT[@]}" "$@" <"$input" >"$OUT" 2>"$ERR" || RC=$?
  [ "$RC" = 124 ] && echo "timed out after ${CASE_TIMEOUT}s" >>"$ERR"
  return 0
}

# A recording relay in front of 127.0.0.1:$1 for one connection: sets REC_PORT and REC_LOG.
start_recorder() {
  REC_LOG=$CASE_DIR/wire.log
  local port_file=$CASE_DIR/recorder.port
  rm -f "$port_file" "$REC_LOG"
  # Its output goes to a file: an inherited stdout would keep the case's $(...) open.
  "$PY" "$EXT_TOOL" record "$port_file" "$1" "$REC_LOG" </dev/null >"$CASE_DIR/recorder.out" 2>&1 &
  REC_PID=$!
  for _ in $(seq 1 100); do [ -s "$port_file" ] && break; sleep 0.05; done
  REC_PORT=$(cat "$port_file" 2>/dev/null || true)
  [ -n "$REC_PORT" ] && return 0
  echo "the recording relay did not start: $(cat "$CASE_DIR/recorder.out")"
  return 1
}
stop_recorder() { # it ends when both sides have closed; stop it if it has not
  for _ in $(seq 1 50); do kill -0 "$REC_PID" 2>/dev/null || break; sleep 0.1; done
  kill "$REC_PID" 2>/dev/null || true
  wait "$REC_PID" 2>/dev/null || true
  "$PY" "$EXT_TOOL" flights "$REC_LOG" >"$CASE_DIR/flights.txt" 2>&1 || true
}
flight_is() { # exact line of flights.txt: these commands went out together, before any reply
  grep -qxF -- "$1" "$CASE_DIR/flights.txt" && return 0
  echo "no flight '$1' on the wire; the client's flights were: $(paste -sd '/' "$CASE_DIR/flights.txt" | cut -c1-300)"
  return 1
}

# A field of the --json output, by a Python expression on `j` (e.g. j["extensions"]["size"]).
json_value() {
  "$PY" -c 'import json, sys; j = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$OUT" "$1" 2>&1
}
json_is() { # expression, expected printed value
  local got
  got=$(json_value "$1")
  [ "$got" = "$2" ] && return 0
  echo "--json: $1 is '$got', expected '$2'"
  return 1
}

# --- the extensions each real server offers ------------------------------------------------------
# Writes $WORK/ehlo-NAME.txt per server (listener) and prints "interop: NAME offers ..." lines;
# checks what the other cases take for granted.
EHLO_PROBES=() # name|port|ext_tool options
ehlo_probes() {
  local ca=$TLS_DIR/ca.pem
  EHLO_PROBES=("postfix-plain|$PF_PORT|" "postfix-ext|$PF_EXT_PORT|" "postfix-small|$PF_SMALL_PORT|"
    "postfix-old|$PF_OLD_PORT|" "postfix-starttls|$PF_TLS_PORT|--starttls-ca $ca"
    "postfix-submission|$PF_SUB_PORT|--starttls-ca $ca" "postfix-smtps|$PF_SMTPS_PORT|--implicit-ca $ca"
    "postfix-plainauth|$PF_PAUTH_PORT|" "dovecot-lmtp|$DV_LMTP_PORT|--lmtp" "smtp-sink|$SINK_PORT|"
    "aiosmtpd|$AIO_PORT|")
  [ -z "${SERVE_PORT:-}" ] || EHLO_PROBES+=("pigeon-serve|$SERVE_PORT|")
  [ -z "${TLS_SERVE_PORT:-}" ] || EHLO_PROBES+=("pigeon-serve-starttls|$TLS_SERVE_PORT|--starttls-ca $TLS_SERVE_CA")
  [ -z "${TLSC_SERVE_PORT:-}" ] || EHLO_PROBES+=("pigeon-serve-tls|$TLSC_SERVE_PORT|--implicit-ca $ca")
}
offers() { # name, keyword: true if the server's reply had that keyword
  grep -qE "^(tls: )?$2( |\$)" "$WORK/ehlo-$1.txt"
}

case_ext_ehlo_offers() {
  ehlo_probes
  local probe name port opts file failed="" line
  for probe in "${EHLO_PROBES[@]}"; do
    IFS='|' read -r name port opts <<<"$probe"
    file=$WORK/ehlo-$name.txt
    # shellcheck disable=SC2086 # opts is a list of options
    if ! "$PY" "$EXT_TOOL" ehlo "$port" $opts >"$file" 2>&1; then
      failed+=" $name ($(tail -n 1 "$file"))"
      continue
    fi
    line=$(grep -v -e '^tls: ' -e '^$' "$file" | paste -sd ',' | sed 's/,/, /g')
    ! grep -q '^$' "$file" || line+=" (and a last line '250 ' with no keyword)"
    grep -q '^tls: ' "$file" && line+="; after TLS: $(sed -n 's/^tls: //p' "$file" | paste -sd ',' | sed 's/,/, /g')"
    echo "interop: $name offers ${line:-nothing}" >&2
  done
  [ -z "$failed" ] || { echo "EHLO failed at:$failed"; return 1; }
  local k
  for k in PIPELINING SIZE 8BITMIME DSN SMTPUTF8 CHUNKING ENHANCEDSTATUSCODES; do
    offers postfix-ext "$k" || { echo "postfix/ext does not offer $k"; return 1; }
  done
  offers postfix-small "SIZE 20000" || { echo "postfix/small does not announce SIZE 20000"; return 1; }
  for k in 8BITMIME SMTPUTF8 CHUNKING DSN; do
    ! offers postfix-old "$k" || { echo "postfix/old offers $k"; return 1; }
  done
  ! offers aiosmtpd SMTPUTF8 || { echo "aiosmtpd offers SMTPUTF8"; return 1; }
}

# --- PIPELINING (RFC 2920) ----------------------------------------------------------------------
# One refused recipient among two known ones: MAIL, the three RCPTs and DATA leave in one flight
# (seen on the wire by the relay), the refusal is named, both mailboxes get the message, and the
# --json result matches what Postfix logged.
case_ext_pipelining_partial() {
  pigeon_only || return 2
  need_send --pipelining --chunking --json || return 2
  start_recorder "$PF_EXT_PORT" || return 1
  log_mark; new_message_id pipelining
  run_client send --server 127.0.0.1 --port "$REC_PORT" --from a@x.test --to b@y.test --to nobody@y.test \
    --to c@y.test --body hi --header "Message-ID: $MID" --chunking off --json --timeout 30
  stop_recorder
  expect_rc 0 || return 1
  stderr_mentions "nobody@y.test" || return 1
  stderr_mentions "5.1.1" || return 1
  flight_is "MAIL FROM:<a@x.test> | RCPT TO:<b@y.test> | RCPT TO:<nobody@y.test> | RCPT TO:<c@y.test> | DATA" || return 1
  session_has ext "rcpt=2/3 data=1" || return 1
  arrived 30 "$(pf_mailbox b)" || return 1
  arrived 30 "$(pf_mailbox c)" || return 1
  json_is 'j["extensions"]["pipelining"]' True || return 1
  json_is '[r["accepted"] for r in j["recipients"]]' "[True, False, True]" || return 1
  json_is 'j["recipients"][1]["enhanced"]' 5.1.1 || return 1
  json_is 'j["final_reply"]["queue_id"]' "$(ext_queue_id)"
}

# The same with --pipelining off: every command waits for its reply.
case_ext_pipelining_off() {
  pigeon_only || return 2
  need_send --pipelining --chunking || return 2
  start_recorder "$PF_EXT_PORT" || return 1
  new_message_id pipelining-off
  run_client send --server 127.0.0.1 --port "$REC_PORT" --from a@x.test --to b@y.test --to c@y.test \
    --body hi --header "Message-ID: $MID" --pipelining off --chunking off --timeout 30
  stop_recorder
  expect_rc 0 || return 1
  flight_is "MAIL FROM:<a@x.test>" || return 1
  flight_is "RCPT TO:<b@y.test>" || return 1
  flight_is "DATA" || return 1
  arrived 30 "$(pf_mailbox c)"
}

# --- SIZE (RFC 1870) ----------------------------------------------------------------------------
# The SIZE= on MAIL is the number of octets then sent (CRLF line endings), as Postfix counted the
# BDAT chunks: for a composed message and for a --data file with LF line endings.
size_matches_bdat() { # what was sent
  ext_session_done || return 1
  local declared sent
  declared=$(ext_commands | sed -n 's/^MAIL FROM:<[^>]*>.* SIZE=\([0-9]*\).*/\1/p' | tail -n 1)
  sent=$(ext_commands | sed -n 's/^BDAT \([0-9]*\).*/\1/p' | awk '{ s += $1 } END { if (NR) print s }')
  [ -n "$declared" ] || { echo "$1: no SIZE= on MAIL ($(ext_commands | grep '^MAIL' | head -n 1))"; return 1; }
  [ -n "$sent" ] || { echo "$1: no BDAT reached Postfix"; return 1; }
  [ "$declared" = "$sent" ] && return 0
  echo "$1: declared SIZE=$declared but sent $sent octets (BDAT)"
  return 1
}

case_ext_size_declared() {
  pigeon_only || return 2
  local wrong=() why
  log_mark; new_message_id size-composed
  run_client send --server 127.0.0.1 --port "$PF_EXT_PORT" --from a@x.test --to b@y.test \
    --body "$(printf 'hi\nsecond line\n.\nlast')" --header "Message-ID: $MID" --timeout 30
  expect_rc 0 || return 1
  why=$(size_matches_bdat "a composed message") || wrong+=("$why")
  arrived 30 "$(pf_mailbox b)" || return 1
  local file=$CASE_DIR/lf.eml
  new_message_id size-data
  printf 'From: a@x.test\nTo: b@y.test\nSubject: size\nMessage-ID: %s\n\nhi\nline 2\n.\nlast\n' "$MID" >"$file"
  log_mark
  run_client send --server 127.0.0.1 --port "$PF_EXT_PORT" --from a@x.test --to b@y.test --data "$file" --timeout 30
  expect_rc 0 || return 1
  why=$(size_matches_bdat "--data, a file with LF line endings ($(wc -c <"$file") bytes, $(wc -l <"$file") lines)") ||
    wrong+=("$why")
  arrived 30 "$(pf_mailbox b)" || return 1
  # (pigeon sendmail streams standard input, so it cannot know the size and declares none: RFC 1870
  # makes SIZE= optional. That is a documented limitation, not checked here.)
  [ "${#wrong[@]}" = 0 ] && return 0
  why=$(printf '%s; ' "${wrong[@]}")
  echo "${why%; }"
  return 1
}

# A message larger than the SIZE the server announces is refused before MAIL: exit 69.
case_ext_size_too_large() {
  pigeon_only || return 2
  local body=$CASE_DIR/body.txt
  "$PY" -c 'import sys; sys.stdout.write("".join("line %04d %s\n" % (i, "x" * 60) for i in range(400)))' >"$body"
  log_mark; new_message_id size-large
  run_client send --server 127.0.0.1 --port "$PF_SMALL_PORT" --from a@x.test --to b@y.test --body "@$body" \
    --header "Message-ID: $MID" --timeout 30
  expect_rc 69 || return 1
  stderr_mentions "20000" || return 1
  session_lacks small mail rcpt data bdat || return 1
  not_arrived "$(pf_mailbox b)"
}

# --- DSN (RFC 3461) -----------------------------------------------------------------------------
# From the local mailbox d to c with NOTIFY=SUCCESS,FAILURE RET=HDRS ENVID: Postfix receives the
# parameters (ENVID in xtext), delivers to c, and sends d a "delivered" report that carries the
# envelope id and only the headers of the message.
case_ext_dsn_success_report() {
  pigeon_only || return 2
  need_send --dsn-notify --dsn-ret --dsn-envid || return 2
  local envid="interop+dsn=$$-$RANDOM" xtext
  xtext=${envid//+/+2B}; xtext=${xtext//=/+3D}
  log_mark; new_message_id dsn
  run_client send --server 127.0.0.1 --port "$PF_EXT_PORT" --from d@y.test --to c@y.test --body hi \
    --header "Message-ID: $MID" --dsn-notify SUCCESS,FAILURE --dsn-ret HDRS --dsn-envid "$envid" --timeout 30
  expect_rc 0 || return 1
  ext_received "^MAIL FROM:<d@y\.test>.* RET=HDRS" "RET=HDRS" || return 1
  ext_received "^MAIL FROM:<d@y\.test>.* ENVID=${xtext//+/\\+}( |\$)" "ENVID=$xtext" || return 1
  ext_received "^RCPT TO:<c@y\.test> .*NOTIFY=SUCCESS,FAILURE" "NOTIFY=SUCCESS,FAILURE" || return 1
  ext_received "^RCPT TO:<c@y\.test> .*ORCPT=rfc822;c@y\.test" "ORCPT" || return 1
  arrived 30 "$(pf_mailbox c)" || return 1
  local report
  report=$(maildir_file_with 30 "$(pf_mailbox d)" "Original-Envelope-Id: $envid") ||
    { echo "no delivery report with Original-Envelope-Id: $envid reached d@y.test"; return 1; }
  local want
  for want in "Subject: Successful Mail Delivery Report" "Action: delivered" "Final-Recipient: rfc822; c@y.test" \
    "Original-Recipient: rfc822;c@y.test" "Content-Type: text/rfc822-headers" "Message-ID: $MID"; do
    grep -qF -- "$want" "$report" || { echo "the report lacks '$want' ($report)"; return 1; }
  done
  if grep -qF "message/rfc822" "$report"; then echo "RET=HDRS, but the report returns the whole message"; return 1; fi
}

# A server without DSN: the request is dropped with a notice; the message still goes.
case_ext_dsn_not_offered() {
  pigeon_only || return 2
  need_send --dsn-notify || return 2
  new_message_id dsn-old
  run_client send --server 127.0.0.1 --port "$PF_OLD_PORT" --from a@x.test --to b@y.test --body hi \
    --header "Message-ID: $MID" --dsn-notify SUCCESS --timeout 30
  expect_rc 0 || return 1
  stderr_mentions "DSN" || return 1
  if grep -qF "NOTIFY=" "$OUT"; then echo "NOTIFY= sent to a server without DSN"; return 1; fi
  arrived 30 "$(pf_mailbox b)"
}

# --- SMTPUTF8 (RFC 6531) and IDN domains --------------------------------------------------------
utf8_message() { # file, recipient for the To field
  printf 'Date: Sat, 28 Nov 2026 12:00:00 +0000\nFrom: a@x.test\nTo: %s\nSubject: gr\xc3\xbc\xc3\x9fe \xe2\x9c\x93\nMessage-ID: %s\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\nhi j\xc3\xb6s\xc3\xa9\n' \
    "$2" "$MID" >"$1"
}

case_ext_smtputf8_postfix() {
  pigeon_only || return 2
  local file=$CASE_DIR/utf8.eml
  log_mark; new_message_id smtputf8
  utf8_message "$file" "jösé@y.test"
  run_client send --server 127.0.0.1 --port "$PF_EXT_PORT" --from a@x.test --to "jösé@y.test" --data "$file" --timeout 30
  expect_rc 0 || return 1
  ext_received "^MAIL FROM:<a@x\.test>.* SMTPUTF8" "SMTPUTF8 on MAIL" || return 1
  ext_received "^RCPT TO:<jösé@y\.test>" "the UTF-8 local part in RCPT" || return 1
  local f
  f=$(maildir_file_with 30 "$(pf_mailbox jose)" "$MID") || { echo "nothing reached jösé's Maildir"; return 1; }
  header_has "$f" "Delivered-To: jösé@y.test" || { echo "no 'Delivered-To: jösé@y.test' in $f"; return 1; }
  "$PY" "$INTEROP_HOME/message_tool.py" compare --from-first-line "$f" "$file"
}

# A UTF-8 local part to servers without SMTPUTF8 (aiosmtpd, postfix/old): exit 69 before MAIL.
case_ext_smtputf8_refused_without() {
  pigeon_only || return 2
  local file=$CASE_DIR/utf8.eml
  new_message_id smtputf8-refused
  utf8_message "$file" "jösé@y.test"
  clear_dir "$AIO_DIR"
  run_client send --server 127.0.0.1 --port "$AIO_PORT" --from a@x.test --to "jösé@y.test" --data "$file" --timeout 30
  expect_rc 69 || return 1
  stderr_mentions "SMTPUTF8" || return 1
  if grep -q -- '-> MAIL' "$OUT"; then echo "MAIL sent to aiosmtpd, which lacks SMTPUTF8"; return 1; fi
  [ -z "$(find "$AIO_DIR" -maxdepth 1 -type f ! -name '.*')" ] || { echo "aiosmtpd saved a message"; return 1; }
  log_mark
  run_client send --server 127.0.0.1 --port "$PF_OLD_PORT" --from a@x.test --to "jösé@y.test" --data "$file" --timeout 30
  expect_rc 69 || return 1
  session_lacks old mail rcpt data bdat
}

# An IDN domain: as its A-label to a server without SMTPUTF8, as its U-label with SMTPUTF8.
case_ext_idn_alabel_without_smtputf8() {
  pigeon_only || return 2
  local file=$CASE_DIR/idn.eml
  new_message_id idn-a
  printf 'From: a@x.test\nTo: e@xn--bcher-kva.test\nSubject: idn\nMessage-ID: %s\n\nhi\n' "$MID" >"$file"
  log_mark
  run_client send --server 127.0.0.1 --port "$PF_OLD_PORT" --from a@x.test --to "e@bücher.test" --data "$file" --timeout 30
  expect_rc 0 || return 1
  transcript_has " -> RCPT TO:<e@xn--bcher-kva.test>" "the A-label" || return 1
  session_has old "rcpt=1" || return 1
  arrived 30 "$(pf_mailbox e)" || return 1
  log_since_mark | grep -qF "to=<e@xn--bcher-kva.test>, relay=virtual" || { echo "Postfix did not deliver to e@xn--bcher-kva.test"; return 1; }
}

case_ext_idn_ulabel_with_smtputf8() {
  pigeon_only || return 2
  local file=$CASE_DIR/idn.eml
  new_message_id idn-u
  printf 'From: a@x.test\nTo: e@xn--bcher-kva.test\nSubject: idn\nMessage-ID: %s\n\nhi\n' "$MID" >"$file"
  log_mark
  run_client send --server 127.0.0.1 --port "$PF_EXT_PORT" --from a@x.test --to "e@bücher.test" --data "$file" --timeout 30
  expect_rc 0 || return 1
  ext_received "^MAIL FROM:<a@x\.test>.* SMTPUTF8" "SMTPUTF8 on MAIL" || return 1
  ext_received "^RCPT TO:<e@bücher\.test>" "the U-label" || return 1
  arrived 30 "$(pf_mailbox e)"
}

# --- CHUNKING (RFC 3030) and 8BITMIME (RFC 6152) ------------------------------------------------
# Every byte 0x80-0xFF, control bytes, "." lines (CRLF.CRLF) and SMTP commands in the body, in
# 100-octet BDAT chunks: the message arrives unchanged.
case_ext_chunking_byte_exact() {
  pigeon_only || return 2
  need_send --chunking --chunk-size || return 2
  local file=$CASE_DIR/8bit.eml
  new_message_id chunking
  "$PY" "$EXT_TOOL" make-8bit "$file" "$MID"
  log_mark
  run_client send --server 127.0.0.1 --port "$PF_EXT_PORT" --from a@x.test --to b@y.test --data "$file" \
    --chunk-size 100 --timeout 30
  expect_rc 0 || return 1
  ext_received "^BDAT 100\$" "100-octet BDAT chunks" || return 1
  ext_received "^BDAT [0-9]+ LAST\$" "a BDAT ... LAST" || return 1
  ext_not_received "^DATA" "DATA" || return 1
  local chunks
  chunks=$(ext_commands | grep -c '^BDAT')
  [ "$chunks" -ge 30 ] || { echo "only $chunks BDAT chunks for a $(wc -c <"$file")-byte message"; return 1; }
  local f
  f=$(maildir_file_with 30 "$(pf_mailbox b)" "$MID") || { echo "nothing reached b's Maildir"; return 1; }
  "$PY" "$INTEROP_HOME/message_tool.py" compare --from-first-line "$f" "$file"
}

# --chunking off: DATA with dot-stuffing, and BODY=8BITMIME for the 8-bit content.
case_ext_8bitmime_data() {
  pigeon_only || return 2
  need_send --chunking || return 2
  local file=$CASE_DIR/8bit.eml
  new_message_id 8bitmime
  "$PY" "$EXT_TOOL" make-8bit "$file" "$MID"
  log_mark
  run_client send --server 127.0.0.1 --port "$PF_EXT_PORT" --from a@x.test --to b@y.test --data "$file" \
    --chunking off --timeout 30
  expect_rc 0 || return 1
  transcript_has " -> DATA" "DATA, not BDAT" || return 1
  ext_received "^MAIL FROM:<a@x\.test>.* BODY=8BITMIME" "BODY=8BITMIME" || return 1
  ext_received "^DATA\$" "DATA" || return 1
  ext_not_received "^BDAT" "BDAT" || return 1
  local f
  f=$(maildir_file_with 30 "$(pf_mailbox b)" "$MID") || { echo "nothing reached b's Maildir"; return 1; }
  "$PY" "$INTEROP_HOME/message_tool.py" compare --from-first-line "$f" "$file"
}

# 8-bit content to a server without 8BITMIME: refused before MAIL (69), never sent mangled.
case_ext_8bit_refused_without_8bitmime() {
  pigeon_only || return 2
  local file=$CASE_DIR/8bit.eml
  new_message_id 8bit-refused
  "$PY" "$EXT_TOOL" make-8bit "$file" "$MID"
  log_mark
  run_client send --server 127.0.0.1 --port "$PF_OLD_PORT" --from a@x.test --to b@y.test --data "$file" --timeout 30
  expect_rc 69 || return 1
  stderr_mentions "8BITMIME" || return 1
  session_lacks old mail rcpt data bdat
}

# Postfix offers no BINARYMIME: --binarymime is refused before MAIL (69).
case_ext_binarymime_refused() {
  pigeon_only || return 2
  need_send --binarymime || return 2
  log_mark
  run_client send --server 127.0.0.1 --port "$PF_EXT_PORT" --from a@x.test --to b@y.test --body hi --binarymime --timeout 30
  expect_rc 69 || return 1
  stderr_mentions "BINARYMIME" || return 1
  ext_not_received "^(MAIL|RCPT|BDAT|DATA)" "a transaction"
}

# LMTP into Dovecot, which offers PIPELINING, 8BITMIME and CHUNKING: the 8-bit message goes
# with BODY=8BITMIME in BDAT chunks after a pipelined MAIL/RCPT, alice's own reply follows the
# last chunk, and the message arrives unchanged in her Maildir.
case_ext_lmtp_extensions_dovecot() {
  pigeon_only || return 2
  need_send --protocol --chunk-size || return 2
  local file=$CASE_DIR/8bit.eml
  new_message_id lmtp-ext
  "$PY" "$EXT_TOOL" make-8bit "$file" "$MID"
  start_recorder "$DV_LMTP_PORT" || return 1
  run_client send --protocol lmtp --server 127.0.0.1 --port "$REC_PORT" --from a@x.test --to alice@w.test \
    --data "$file" --chunk-size 1000 --timeout 30
  stop_recorder
  expect_rc 0 || return 1
  local f
  f=$(maildir_file_with 30 "$DV_MAILDIR" "$MID") || { echo "nothing reached alice's Maildir"; return 1; }
  "$PY" "$INTEROP_HOME/message_tool.py" compare --from-first-line "$f" "$file" || return 1
  transcript_has "<-  250 2.0.0 <alice@w.test>" "alice's own reply after the content" || return 1
  local wrong=() why
  grep -qE '^ -> MAIL FROM:<a@x\.test>.* BODY=8BITMIME' "$OUT" || wrong+=("8-bit content sent without BODY=8BITMIME")
  # pigeon's LMTP sends MAIL, RCPT and DATA one at a time (no pipelining, no BDAT): a documented
  # limitation; the content must still go by DATA, dot-stuffed, and arrive unchanged (checked above).
  grep -qE '^ -> DATA' "$OUT" || wrong+=("no DATA command")
  [ "${#wrong[@]}" = 0 ] && return 0
  why=$(printf '%s; ' "${wrong[@]}")
  echo "${why%; }"
  return 1
}

# --- pigeon sendmail ----------------------------------------------------------------------------
# The issue's example: printf 'Subject: t\n\nhi\n' | pigeon sendmail -t ... RECIPIENT (bare LF).
case_ext_sendmail_t() {
  need_sendmail || return 2
  local input=$CASE_DIR/stdin
  printf 'Subject: t\n\nhi\n' >"$input"
  log_mark
  run_client_stdin "$input" sendmail -t --server 127.0.0.1 --port "$PF_EXT_PORT" --timeout 30 b@y.test
  expect_rc 0 || return 1
  [ ! -s "$OUT" ] || { echo "sendmail printed on success: $(head -c 200 "$OUT")"; return 1; }
  ext_received "^RCPT TO:<b@y\.test>" "RCPT TO:<b@y.test>" || return 1
  local qid f
  qid=$(ext_queue_id)
  [ -n "$qid" ] || { echo "Postfix logged no queue id for the session"; return 1; }
  f=$(maildir_file_with 30 "$(pf_mailbox b)" " id $qid") || { echo "message $qid did not reach b's Maildir"; return 1; }
  header_has "$f" "Subject: t" || { echo "no 'Subject: t' in $f"; return 1; }
  header_has "$f" "From: " || { echo "no From field added in $f"; return 1; }
  body_has_line "$f" hi || { echo "body line 'hi' missing in $f"; return 1; }
}

# -t (To and Bcc fields), -f, a recipient after --: all three mailboxes get the message, the
# envelope sender is -f's, and no Bcc field goes on the wire (Postfix would drop one itself, so
# the relay's record of what pigeon sent is the proof).
case_ext_sendmail_f_bcc() {
  need_sendmail || return 2
  local input=$CASE_DIR/stdin
  new_message_id sendmail-bcc
  printf 'From: Ann <a@x.test>\nTo: b@y.test\nBcc: c@y.test\nMessage-ID: %s\nSubject: bcc\n\nhi\n' "$MID" >"$input"
  start_recorder "$PF_EXT_PORT" || return 1
  log_mark
  run_client_stdin "$input" sendmail -t -i -f ann@x.test --server 127.0.0.1 --port "$REC_PORT" --timeout 30 -- d@y.test
  stop_recorder
  expect_rc 0 || return 1
  ext_received "^MAIL FROM:<ann@x\.test>" "MAIL FROM:<ann@x.test>" || return 1
  local who
  for who in b c d; do
    ext_received "^RCPT TO:<$who@y\.test>" "RCPT TO:<$who@y.test>" || return 1
    arrived 30 "$(pf_mailbox "$who")" || return 1
  done
  "$PY" "$EXT_TOOL" sent "$REC_LOG" >"$CASE_DIR/sent.bin"
  grep -qaF "Message-ID: $MID" "$CASE_DIR/sent.bin" || { echo "the relay recorded no message content"; return 1; }
  if grep -qaiE '^bcc:' "$CASE_DIR/sent.bin"; then echo "a Bcc field went on the wire"; return 1; fi
  header_has "$(maildir_file_with 1 "$(pf_mailbox d)" "$MID")" "Return-Path: <ann@x.test>" ||
    { echo "d's copy has no Return-Path: <ann@x.test>"; return 1; }
}

INTEROP_CASES+=(
  ext_ehlo_offers
  ext_pipelining_partial
  ext_pipelining_off
  ext_size_declared
  ext_size_too_large
  ext_dsn_success_report
  ext_dsn_not_offered
  ext_smtputf8_postfix
  ext_smtputf8_refused_without
  ext_idn_alabel_without_smtputf8
  ext_idn_ulabel_with_smtputf8
  ext_chunking_byte_exact
  ext_8bitmime_data
  ext_8bit_refused_without_8bitmime
  ext_binarymime_refused
  ext_lmtp_extensions_dovecot
  ext_sendmail_t
  ext_sendmail_f_bcc
)
