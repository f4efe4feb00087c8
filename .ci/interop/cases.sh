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
  sleep 0.2 # smtp-sink closes its dump file when the transaction ends
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

case_postfix_unknown_recipient() {
  run_client "${SEND[@]}" --server 127.0.0.1 --port "$PF_PORT" --to nobody@y.test
  expect_rc 67
}

# --- the client on its own ---------------------------------------------------------------------
case_no_server_listening() {
  # A port nobody listens on: "unavailable" (69); 75 (try later) is accepted as well.
  run_client "${SEND[@]}" --server 127.0.0.1 --port "$CLOSED_PORT" --to b@y.test
  expect_rc 69 75
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
  postfix_send
  postfix_unknown_recipient
  no_server_listening
  usage_error
  demo
)
