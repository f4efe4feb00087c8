# `pigeon bulk` against real servers. Sourced by .ci/interop/run after cases.sh.
#
# Postfix offers PIPELINING, so a reused session sends each message's MAIL, RCPT and DATA with the
# previous message's final dot (one round trip per message); aiosmtpd offers no PIPELINING, so
# each transaction ends with its own reply there. Both must receive every message exactly once.

bulk_client() { # true when the client under test has `bulk`
  [ -z "$SELF_TEST" ] && return 0
  echo "the stand-in client has no bulk"
  return 1
}

# bulk_rows FILE COUNT RECIPIENT: a recipients CSV, one row per message
bulk_rows() {
  { echo "email,n"; seq 1 "$2" | awk -v r="$3" '{ print r "," $1 }'; } >"$1"
}

bulk_template() { # FILE
  printf 'From: Bulk <a@x.test>\nTo: {{email}}\nSubject: interop bulk {{n}}\nMessage-ID: <bulk-{{n}}@interop.test>\n\nMessage {{n}}\n.a line that starts with a dot\n' >"$1"
}

# count_ids DIR... -> how many files, and how many distinct Message-IDs, as "FILES IDS"
count_ids() {
  local files ids
  files=$(find "$@" -maxdepth 1 -type f ! -name '.*' 2>/dev/null | wc -l)
  ids=$(find "$@" -maxdepth 1 -type f ! -name '.*' -exec grep -hi '^Message-ID:' {} + 2>/dev/null | tr -d '\r' | sort -u | wc -l)
  echo "$files $ids"
}

# wait_count N DIR...: until N files are there (at most 60 s)
wait_count() {
  local want=$1 deadline=$((SECONDS + 60)) n
  shift
  while :; do
    n=$(find "$@" -maxdepth 1 -type f ! -name '.*' 2>/dev/null | wc -l)
    [ "$n" -ge "$want" ] && return 0
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

case_postfix_bulk_pipelined() {
  bulk_client || return 2
  local n=200 spool=$CASE_DIR/spool counts
  clear_dir "$PF_MAILDIR/new" "$PF_MAILDIR/cur"
  bulk_template "$CASE_DIR/t.eml"
  bulk_rows "$CASE_DIR/rows.csv" "$n" b@y.test
  run_client bulk --server 127.0.0.1 --port "$PF_PORT" --no-tls --connections 2 --spool "$spool" \
    --template "$CASE_DIR/t.eml" --recipients "$CASE_DIR/rows.csv" --quiet
  expect_rc 0 || return 1
  grep -qE '^ *delivered +'"$n"'$' "$OUT" || { echo "the summary does not say $n delivered: $(grep -E 'delivered' "$OUT" | head -n 1)"; return 1; }
  wait_count "$n" "$PF_MAILDIR/new" "$PF_MAILDIR/cur" ||
    { echo "Postfix delivered $(count_ids "$PF_MAILDIR/new" "$PF_MAILDIR/cur") of $n (see $WORK/postfix/maillog)"; return 1; }
  counts=$(count_ids "$PF_MAILDIR/new" "$PF_MAILDIR/cur")
  [ "$counts" = "$n $n" ] || { echo "files and distinct Message-IDs: $counts, expected $n $n (a message twice?)"; return 1; }
  local f
  f=$(find "$PF_MAILDIR/new" "$PF_MAILDIR/cur" -maxdepth 1 -type f | head -n 1)
  body_has_line "$f" ".a line that starts with a dot" || { echo "the dot-led line did not survive in $f"; return 1; }
  # Every attempt is one report line, and each says delivered with Postfix's queue id.
  [ "$(grep -c '"state":"delivered"' "$spool/report.jsonl")" = "$n" ] || { echo "report.jsonl does not hold $n deliveries"; return 1; }
  grep -q '"queue_id":"' "$spool/report.jsonl" || { echo "no queue_id in report.jsonl"; return 1; }
  # A rerun with the same spool and sources adds nothing and sends nothing.
  run_client bulk --server 127.0.0.1 --port "$PF_PORT" --no-tls --spool "$spool" \
    --template "$CASE_DIR/t.eml" --recipients "$CASE_DIR/rows.csv" --quiet
  expect_rc 0 || return 1
  grep -q "$n message(s) already in the spool" "$ERR" || { echo "the rerun did not find the $n messages already spooled$(stderr_hint)"; return 1; }
  # Nothing was attempted, so nothing can still be on its way to the Maildir.
  grep -qE '^ *delivered +0$' "$OUT" || { echo "the rerun's summary does not say 0 delivered: $(grep -E 'delivered' "$OUT" | head -n 1)"; return 1; }
  [ "$(grep -c '"state":"delivered"' "$spool/report.jsonl")" = "$n" ] || { echo "the rerun added report lines"; return 1; }
  counts=$(count_ids "$PF_MAILDIR/new" "$PF_MAILDIR/cur")
  [ "$counts" = "$n $n" ] || { echo "after the rerun: $counts, expected $n $n"; return 1; }
}

case_aiosmtpd_bulk_unpipelined() {
  bulk_client || return 2
  local n=60 counts
  clear_dir "$AIO_DIR"
  bulk_template "$CASE_DIR/t.eml"
  bulk_rows "$CASE_DIR/rows.csv" "$n" b@y.test
  run_client bulk --server 127.0.0.1 --port "$AIO_PORT" --no-tls --connections 3 --spool "$CASE_DIR/spool" \
    --template "$CASE_DIR/t.eml" --recipients "$CASE_DIR/rows.csv" --quiet
  expect_rc 0 || return 1
  wait_count "$n" "$AIO_DIR" || { echo "aiosmtpd saved $(count_ids "$AIO_DIR") of $n"; return 1; }
  counts=$(count_ids "$AIO_DIR")
  [ "$counts" = "$n $n" ] || { echo "files and distinct Message-IDs: $counts, expected $n $n"; return 1; }
}

case_aiosmtpd_bulk_refusals() {
  bulk_client || return 2
  clear_dir "$AIO_DIR"
  bulk_template "$CASE_DIR/t.eml"
  { echo "email,n"; echo "ok1@y.test,1"; echo "reject@y.test,2"; echo "tempfail@y.test,3"; echo "ok2@y.test,4"; } \
    >"$CASE_DIR/rows.csv"
  run_client bulk --server 127.0.0.1 --port "$AIO_PORT" --no-tls --spool "$CASE_DIR/spool" \
    --template "$CASE_DIR/t.eml" --recipients "$CASE_DIR/rows.csv" --quiet --max-attempts 1
  # A bounce makes the run exit 67.
  expect_rc 67 || return 1
  wait_count 2 "$AIO_DIR" || { echo "aiosmtpd saved $(count_ids "$AIO_DIR") of the 2 accepted messages"; return 1; }
  grep -q '"state":"bounced".*550' "$CASE_DIR/spool/report.jsonl" || { echo "no bounced 550 line in the report"; return 1; }
  grep -q '451' "$CASE_DIR/spool/report.jsonl" || { echo "the 451 is not in the report"; return 1; }
}

INTEROP_CASES+=(
  postfix_bulk_pipelined
  aiosmtpd_bulk_unpipelined
  aiosmtpd_bulk_refusals
)
