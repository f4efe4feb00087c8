# The interoperability cases. Sourced by .ci/interop/run after the servers are up.
#
# A case is a function named case_NAME that returns 0 on success, or prints one reason line on
# stdout and returns 1. `run_client ARGS...` runs the client under test (./pigeon, or the
# stand-in with --self-test) with a deadline; afterwards $RC is its exit code and
# $OUT / $ERR are files holding its stdout and stderr.

CASE_TIMEOUT=${INTEROP_CASE_TIMEOUT:-60}

run_client() {
  OUT=$CASE_DIR/stdout ERR=$CASE_DIR/stderr RC=0
  timeout -k 5 "$CASE_TIMEOUT" "${CLIENT[@]}" "$@" </dev/null >"$OUT" 2>"$ERR" || RC=$?
  [ "$RC" = 124 ] && echo "timed out after ${CASE_TIMEOUT}s" >>"$ERR"
  return 0
}

expect_rc() { # wanted-code...
  local want
  for want in "$@"; do [ "$RC" = "$want" ] && return 0; done
  echo "exit code $RC, expected $*$(stderr_hint)"
  return 1
}

stderr_hint() {
  local line
  line=$(grep -v '^[[:space:]]*$' "$ERR" 2>/dev/null | head -n 1 | cut -c1-160)
  [ -n "$line" ] && printf ' (stderr: %s)' "$line"
  return 0
}

# Waits up to $2 seconds for a file in the folders $3... (non-recursive) and prints its path.
wait_for_file() {
  local seconds=$1; shift
  local deadline=$((SECONDS + seconds)) f
  while :; do
    for f in $(find "$@" -maxdepth 1 -type f ! -name '.*' 2>/dev/null | sort); do
      echo "$f"
      return 0
    done
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}

# True if the message in file $1 has a body line exactly equal to $2 (CRLF or LF).
body_has_line() {
  awk -v want="$2" '{ sub(/\r$/, "") } seen_blank && $0 == want { found = 1 } $0 == "" { seen_blank = 1 }
    END { exit !found }' "$1"
}

header_has() { # file, fixed-string line prefix (searched in the header block)
  awk '{ sub(/\r$/, "") } $0 == "" { exit } { print }' "$1" | grep -qiF -- "$2"
}

clear_dir() { find "$@" -maxdepth 1 -type f -delete 2>/dev/null || true; }

SEND=(send --from a@x.test --body hi)

# --- smtp-sink (Postfix's C test server) --------------------------------------------------------
case_smtp_sink_send() {
  clear_dir "$SINK_DIR"
  run_client "${SEND[@]}" --server 127.0.0.1 --port "$SINK_PORT" --to b@y.test
  expect_rc 0 || return 1
  local f
  f=$(wait_for_file 10 "$SINK_DIR") || { echo "exit 0 but smtp-sink dumped no message"; return 1; }
  # smtp-sink writes its dump file while the transaction runs: give it a moment to complete.
  local i
  for i in $(seq 1 50); do body_has_line "$f" hi && break; sleep 0.1; done
  header_has "$f" "X-Mail-Args: <a@x.test>" || { echo "wrong MAIL FROM in $f"; return 1; }
  header_has "$f" "X-Rcpt-Args: <b@y.test>" || { echo "wrong RCPT TO in $f"; return 1; }
  body_has_line "$f" hi || { echo "body line 'hi' missing in $f"; return 1; }
}

# --- aiosmtpd (Python) -------------------------------------------------------------------------
case_aiosmtpd_send() {
  clear_dir "$AIO_DIR"
  run_client "${SEND[@]}" --server 127.0.0.1 --port "$AIO_PORT" --to b@y.test
  expect_rc 0 || return 1
  local f
  f=$(wait_for_file 10 "$AIO_DIR") || { echo "exit 0 but aiosmtpd saved no message"; return 1; }
  header_has "$f" "X-Envelope-From: a@x.test" || { echo "wrong envelope sender in $f"; return 1; }
  header_has "$f" "X-Envelope-To: b@y.test" || { echo "wrong envelope recipient in $f"; return 1; }
  body_has_line "$f" hi || { echo "body line 'hi' missing in $f"; return 1; }
}

case_aiosmtpd_subject() {
  clear_dir "$AIO_DIR"
  run_client "${SEND[@]}" --server 127.0.0.1 --port "$AIO_PORT" --to b@y.test --subject "Interop check"
  expect_rc 0 || return 1
  local f
  f=$(wait_for_file 10 "$AIO_DIR") || { echo "exit 0 but aiosmtpd saved no message"; return 1; }
  header_has "$f" "Subject: Interop check" || { echo "no 'Subject: Interop check' header in $f"; return 1; }
  header_has "$f" "From:" || { echo "no From: header in $f"; return 1; }
  body_has_line "$f" hi || { echo "body line 'hi' missing in $f"; return 1; }
}

case_aiosmtpd_all_recipients_refused() {
  clear_dir "$AIO_DIR"
  run_client "${SEND[@]}" --server 127.0.0.1 --port "$AIO_PORT" --to reject@y.test
  expect_rc 67 || return 1
  if [ -n "$(find "$AIO_DIR" -maxdepth 1 -type f ! -name '.*')" ]; then
    echo "a message was saved although its only recipient was refused"
    return 1
  fi
}

case_aiosmtpd_mixed_recipients() {
  clear_dir "$AIO_DIR"
  run_client "${SEND[@]}" --server 127.0.0.1 --port "$AIO_PORT" --to b@y.test --to reject@y.test
  expect_rc 0 || return 1
  local f
  f=$(wait_for_file 10 "$AIO_DIR") || { echo "exit 0 but aiosmtpd saved no message"; return 1; }
  header_has "$f" "X-Envelope-To: b@y.test" || { echo "accepted recipient missing from the envelope"; return 1; }
  if header_has "$f" "X-Envelope-To: reject@y.test"; then echo "refused recipient in the envelope"; return 1; fi
  body_has_line "$f" hi || { echo "body line 'hi' missing in $f"; return 1; }
}

case_aiosmtpd_tempfail_recipient() {
  clear_dir "$AIO_DIR"
  run_client "${SEND[@]}" --server 127.0.0.1 --port "$AIO_PORT" --to tempfail@y.test
  expect_rc 75
}

# --data: the 1.5 MB test message must arrive byte for byte (dot-stuffing undone, CRLF lines).
case_aiosmtpd_data_byte_exact() {
  clear_dir "$AIO_DIR"
  run_client send --server 127.0.0.1 --port "$AIO_PORT" --from a@x.test --to b@y.test --data "$LARGE_MESSAGE"
  expect_rc 0 || return 1
  local f
  f=$(wait_for_file 10 "$AIO_DIR") || { echo "exit 0 but aiosmtpd saved no message"; return 1; }
  "$PY" "$INTEROP_HOME/message_tool.py" compare --crlf-exact "$f" "$LARGE_MESSAGE"
}

# --- Postfix (a real MTA: queues, then delivers into a Maildir) ---------------------------------
case_postfix_send() {
  clear_dir "$PF_MAILDIR/new" "$PF_MAILDIR/cur"
  run_client "${SEND[@]}" --server 127.0.0.1 --port "$PF_PORT" --to b@y.test
  expect_rc 0 || return 1
  local f
  f=$(wait_for_file 30 "$PF_MAILDIR/new" "$PF_MAILDIR/cur") ||
    { echo "exit 0 but nothing reached the Maildir (see $WORK/postfix/maillog)"; return 1; }
  header_has "$f" "Delivered-To: b@y.test" || { echo "no Delivered-To: b@y.test in $f"; return 1; }
  header_has "$f" "Return-Path: <a@x.test>" || { echo "wrong Return-Path in $f"; return 1; }
  body_has_line "$f" hi || { echo "body line 'hi' missing in $f"; return 1; }
}

case_postfix_two_recipients() {
  local c=$WORK/postfix/mail/y.test/c f
  clear_dir "$PF_MAILDIR/new" "$PF_MAILDIR/cur" "$c/new" "$c/cur"
  run_client "${SEND[@]}" --server 127.0.0.1 --port "$PF_PORT" --to b@y.test --to c@y.test
  expect_rc 0 || return 1
  f=$(wait_for_file 30 "$PF_MAILDIR/new" "$PF_MAILDIR/cur") || { echo "nothing reached b's Maildir"; return 1; }
  body_has_line "$f" hi || { echo "body line 'hi' missing in $f"; return 1; }
  f=$(wait_for_file 30 "$c/new" "$c/cur") || { echo "nothing reached c's Maildir"; return 1; }
  body_has_line "$f" hi || { echo "body line 'hi' missing in $f"; return 1; }
}

case_postfix_data_large() {
  clear_dir "$PF_MAILDIR/new" "$PF_MAILDIR/cur"
  run_client send --server 127.0.0.1 --port "$PF_PORT" --from a@x.test --to b@y.test --data "$LARGE_MESSAGE"
  expect_rc 0 || return 1
  local f
  f=$(wait_for_file 30 "$PF_MAILDIR/new" "$PF_MAILDIR/cur") ||
    { echo "exit 0 but nothing reached the Maildir (see $WORK/postfix/maillog)"; return 1; }
  "$PY" "$INTEROP_HOME/message_tool.py" compare --from-first-line "$f" "$LARGE_MESSAGE"
}

case_postfix_unknown_recipient() {
  run_client "${SEND[@]}" --server 127.0.0.1 --port "$PF_PORT" --to nobody@y.test
  expect_rc 67
}

# --- real clients against `pigeon serve` ------------------------------------------------------
serve_running() {
  [ -n "${SERVE_PORT:-}" ] && return 0
  echo "pigeon serve is not part of --self-test"
  return 1
}

case_serve_from_smtplib() {
  serve_running || return 2
  clear_dir "$SERVE_DIR/new" "$SERVE_DIR/cur"
  "$PY" "$INTEROP_HOME/message_tool.py" send-smtplib "$SERVE_PORT" a@x.test b@y.test "$LARGE_MESSAGE" \
    >"$CASE_DIR/smtplib.out" 2>&1 || { echo "smtplib failed: $(tail -n 1 "$CASE_DIR/smtplib.out")"; return 1; }
  local f
  f=$(wait_for_file 10 "$SERVE_DIR/new" "$SERVE_DIR/cur") || { echo "nothing in pigeon serve's Maildir"; return 1; }
  "$PY" "$INTEROP_HOME/message_tool.py" compare --from-first-line "$f" "$LARGE_MESSAGE"
}

case_serve_from_smtp_source() {
  serve_running || return 2
  clear_dir "$SERVE_DIR/new" "$SERVE_DIR/cur"
  # Postfix's load generator: HELO (not EHLO), 20 messages over 2 parallel sessions.
  timeout 60 smtp-source -s 2 -m 20 -f a@x.test -t b@y.test "127.0.0.1:$SERVE_PORT" \
    </dev/null >"$CASE_DIR/smtp-source.out" 2>&1 ||
    { echo "smtp-source failed: $(tail -n 1 "$CASE_DIR/smtp-source.out")"; return 1; }
  local n i
  for i in $(seq 1 100); do
    n=$(find "$SERVE_DIR/new" "$SERVE_DIR/cur" -maxdepth 1 -type f 2>/dev/null | wc -l)
    [ "$n" -ge 20 ] && break
    sleep 0.1
  done
  [ "$n" = 20 ] || { echo "pigeon serve stored $n of the 20 messages smtp-source sent"; return 1; }
}

case_serve_from_postfix_relay() {
  serve_running || return 2
  clear_dir "$SERVE_DIR/new" "$SERVE_DIR/cur"
  # Postfix takes the message and relays it with its own SMTP client to pigeon serve.
  "$PY" "$INTEROP_HOME/message_tool.py" send-smtplib "$PF_PORT" a@x.test d@z.test "$LARGE_MESSAGE" \
    >"$CASE_DIR/smtplib.out" 2>&1 || { echo "Postfix refused the message: $(tail -n 1 "$CASE_DIR/smtplib.out")"; return 1; }
  local f
  f=$(wait_for_file 30 "$SERVE_DIR/new" "$SERVE_DIR/cur") ||
    { echo "Postfix did not deliver to pigeon serve (see $WORK/postfix/maillog)"; return 1; }
  header_has "$f" "by postfix.interop.test" || { echo "no Received field from Postfix in $f"; return 1; }
  "$PY" "$INTEROP_HOME/message_tool.py" compare --from-first-line "$f" "$LARGE_MESSAGE"
}

# --- the client on its own ---------------------------------------------------------------------
case_no_server_listening() {
  # A port nobody listens on: "unavailable" (69).
  run_client "${SEND[@]}" --server 127.0.0.1 --port "$CLOSED_PORT" --to b@y.test
  expect_rc 69
}

case_usage_error() {
  run_client send --server 127.0.0.1 --port "$AIO_PORT" --from a@x.test --body hi # no --to
  expect_rc 64
}

case_demo() {
  run_client demo
  expect_rc 0
}

INTEROP_CASES=(
  smtp_sink_send
  aiosmtpd_send
  aiosmtpd_subject
  aiosmtpd_all_recipients_refused
  aiosmtpd_mixed_recipients
  aiosmtpd_tempfail_recipient
  aiosmtpd_data_byte_exact
  postfix_send
  postfix_two_recipients
  postfix_data_large
  postfix_unknown_recipient
  serve_from_smtplib
  serve_from_smtp_source
  serve_from_postfix_relay
  no_server_listening
  usage_error
  demo
)
