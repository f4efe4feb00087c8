#!/usr/bin/env bash
# pigeon's benchmark against its anchors, side by side in one run, on loopback only:
#   bulk    `pigeon bulk` vs Postfix's `smtp-source` (msg/s into the same `smtp-sink`), at 1 and 8
#           connections, 1 KB and 100 KB messages; pigeon with --no-fsync and with fsync
#   big     one large message (1 GiB): `pigeon send --data` vs `smtp-source -l` (MiB/s), and
#           pigeon's peak RSS with PIGEON_JAVA_OPTS=-Xmx64m
#   send    wall time of one whole `pigeon send` process vs swaks, msmtp and curl (median)
#   serve   `pigeon serve` receiving from smtp-source vs aiosmtpd and smtp-sink (msg/s)
#   startup `./pigeon --help` with and without the AOT cache (item 6)
# Ratios are what count: absolute figures drift on a shared machine.
#
# Usage: scripts/bench.sh [--quick] [--only bulk,big,send,serve,startup] [--keep]
#   --quick  small counts (under 2 minutes); the default run takes under 10 minutes
#   --keep   keep the work folder (/var/tmp/pigeon-bench.*)
# Counts (environment): BENCH_SMALL_COUNT (1 KB messages, 20000), BENCH_LARGE_COUNT (100 KB, 2000),
#   BENCH_BIG_MIB (1024), BENCH_RUNS (wall-time runs, 10), BENCH_SERVE_COUNT (10000),
#   BENCH_CONNS ("1 8"), BENCH_TIMEOUT (seconds per command, 600).
# Installs what is missing with apt-get (needs root): postfix (smtp-sink, smtp-source), swaks,
# msmtp, curl, python3-aiosmtpd, time, hyperfine. Results also go to WORK/results.md.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=scripts/bench/lib.sh
. "$REPO/scripts/bench/lib.sh"

QUICK=0 KEEP=0 ONLY="bulk,big,send,serve,startup"
while [ $# -gt 0 ]; do
  case $1 in
    --quick) QUICK=1 ;;
    --keep) KEEP=1 ;;
    --only) ONLY=$2; shift ;;
    --only=*) ONLY=${1#--only=} ;;
    -h | --help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown argument $1 (see --help)" >&2; exit 64 ;;
  esac
  shift
done
wants() { case ",$ONLY," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

if [ "$QUICK" = 1 ]; then
  : "${BENCH_SMALL_COUNT:=3000}" "${BENCH_LARGE_COUNT:=300}" "${BENCH_BIG_MIB:=128}" "${BENCH_RUNS:=5}" "${BENCH_SERVE_COUNT:=2000}"
else
  : "${BENCH_SMALL_COUNT:=20000}" "${BENCH_LARGE_COUNT:=2000}" "${BENCH_BIG_MIB:=1024}" "${BENCH_RUNS:=10}" "${BENCH_SERVE_COUNT:=10000}"
fi
: "${BENCH_CONNS:=1 8}" "${BENCH_TIMEOUT:=600}"
T=$BENCH_TIMEOUT
FROM=bench@sender.test
TO=reader@rcpt.test

# --- tools --------------------------------------------------------------------------------------
install_missing() {
  local missing=() 
  command -v smtp-sink >/dev/null 2>&1 || [ -x /usr/sbin/smtp-sink ] || missing+=(postfix)
  command -v swaks >/dev/null 2>&1 || missing+=(swaks)
  command -v msmtp >/dev/null 2>&1 || missing+=(msmtp)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || missing+=(python3-aiosmtpd)
  [ -x /usr/bin/time ] || missing+=(time)
  command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "bench: missing ${missing[*]} and cannot install (needs root and apt-get)" >&2
    exit 69
  fi
  echo "bench: installing ${missing[*]}…" >&2
  local made_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then # no package may start its daemon
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && made_policy=1
  fi
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections 2>/dev/null || true
  local rc=0
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >"$WORK/apt.log" 2>&1 || {
    DEBIAN_FRONTEND=noninteractive apt-get update >>"$WORK/apt.log" 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >>"$WORK/apt.log" 2>&1 || rc=$?
  }
  [ -n "$made_policy" ] && rm -f /usr/sbin/policy-rc.d
  # hyperfine is optional (median_ms falls back to a loop); the rest is not.
  if [ "$rc" != 0 ]; then
    echo "bench: apt-get install failed (exit $rc); log: $WORK/apt.log" >&2
    command -v smtp-source >/dev/null 2>&1 || [ -x /usr/sbin/smtp-source ] || exit 69
  fi
}

WORK=$(mktemp -d /var/tmp/pigeon-bench.XXXXXX)
finish() {
  local rc=$?
  bench_cleanup
  if [ "$KEEP" = 1 ] || [ "$rc" != 0 ]; then
    echo "bench: work folder kept: $WORK" >&2
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

install_missing
PATH=$PATH:/usr/sbin
SINK_USER=nobody
id "$SINK_USER" >/dev/null 2>&1 || SINK_USER=$(id -un)
SINK_USER_OPT=()
[ "$(id -u)" = 0 ] && SINK_USER_OPT=(-u "$SINK_USER") # smtp-sink refuses to run as root without -u

# --- pigeon, frozen for the run -----------------------------------------------------------------
# Build through the launcher, then run a private copy of it over a copy of the jar: other people
# editing the tree during a run must not trigger a rebuild in the middle of a measurement. The
# copy keeps the launcher's flags and its AOT cache (made here on first use).
echo "bench: building pigeon (./pigeon --help)…" >&2
"$REPO/pigeon" --help >/dev/null
SNAP=$WORK/pigeon
mkdir -p "$SNAP/.ci/lib" "$SNAP/pigeon-cli/target"
cp "$REPO/pigeon" "$SNAP/pigeon"
cp "$REPO/.ci/lib/jdk.sh" "$SNAP/.ci/lib/jdk.sh"
cp "$REPO/pigeon-cli/target/pigeon.jar" "$SNAP/pigeon-cli/target/pigeon.jar"
cp "$REPO/pom.xml" "$SNAP/pom.xml" && touch -d '2000-01-01' "$SNAP/pom.xml" # an input older than the jar
PIGEON=$SNAP/pigeon
"$PIGEON" --help >/dev/null 2>&1                              # makes the AOT cache
PIGEON_JAVA_OPTS=-Xmx64m "$PIGEON" --help >/dev/null 2>&1     # and the one for -Xmx64m
JAR_HASH=$(sha256sum "$SNAP/pigeon-cli/target/pigeon.jar" | cut -c1-12)

# --- results ------------------------------------------------------------------------------------
RESULTS=$WORK/results.md
ROWS=()
BULK_ROWS=()
# row CASE PIGEON UNIT ANCHOR_NAME ANCHOR RATIO TARGET VERDICT
row() { ROWS+=("| $1 | $2 $3 | $4 | $5 $3 | $6 | $7 | $8 |"); echo "  $1: pigeon $2 $3, $4 $5 $3 (ratio $6)" >&2; }

# --- messages -----------------------------------------------------------------------------------
LINE="The quick brown fox jumps over the lazy dog; pigeon bench filler line."
body() { # BYTES -> that many bytes of 72-character lines (LF)
  { yes "$LINE" || true; } | head -c "$1" # yes ends by SIGPIPE
}
make_template() { # FILE BYTES
  {
    printf 'From: Bench <%s>\nTo: {{email}}\nSubject: pigeon bench {{n}}\nMessage-ID: <bench-{{n}}@sender.test>\n\n' "$FROM"
    echo "Message {{n}}"
    body "$2"
    echo
  } >"$1"
}
make_recipients() { # FILE COUNT
  { echo "email,n"; seq 1 "$2" | awk '{ print "r" $1 "@rcpt.test," $1 }'; } >"$1"
}
make_message() { # FILE BYTES (a plain message with CRLF line ends)
  {
    printf 'From: Bench <%s>\nTo: <%s>\nSubject: pigeon bench\nMessage-ID: <bench-one@sender.test>\n\n' "$FROM" "$TO"
    body "$2"
    echo
  } | sed 's/$/\r/' >"$1"
}

# --- the sink everything sends into --------------------------------------------------------------
start_sink() { # -> SINK_PORT
  SINK_PORT=$(free_port)
  bg_start smtp-sink "${SINK_USER_OPT[@]+"${SINK_USER_OPT[@]}"}" -m 512 "127.0.0.1:$SINK_PORT" 1024

  wait_port "$SINK_PORT"
}

smtp_source() { # SESSIONS COUNT BYTES HOST_PORT -> elapsed ms on stdout
  local t
  t=$(now_ns)
  timeout "$T" smtp-source -s "$1" -m "$2" -l "$3" -d -f "$FROM" -t "$TO" -M bench.test "127.0.0.1:$4" >/dev/null
  ms_since "$t"
}

# pigeon_bulk CONNS COUNT BYTES FSYNC(0|1) -> "WHOLE_MSGS_PER_S DELIVERY_MSGS_PER_S"
pigeon_bulk() {
  local conns=$1 count=$2 bytes=$3 fsync=$4 spool=$WORK/spool out=$WORK/bulk.out t ms delivered own
  rm -rf "$spool"
  local opts=(--server 127.0.0.1 --port "$SINK_PORT" --connections "$conns" --spool "$spool"
    --template "$WORK/tpl-$bytes.eml" --recipients "$WORK/rcpt-$count.csv" --no-tls --quiet)
  [ "$fsync" = 0 ] && opts+=(--no-fsync)
  t=$(now_ns)
  timeout "$T" "$PIGEON" bulk "${opts[@]}" >"$out" 2>&1 || { echo "bench: pigeon bulk failed:" >&2; tail -20 "$out" >&2; }
  ms=$(ms_since "$t")
  delivered=$(awk '/^ *delivered/ { print $2; exit }' "$out")
  if [ "${delivered:-0}" != "$count" ]; then
    echo "bench: pigeon bulk delivered ${delivered:-?} of $count" >&2
  fi
  own=$(awk '/^ *rate/ { print $2; exit }' "$out")
  rm -rf "$spool"
  echo "$(rate "${delivered:-0}" "$ms") ${own:-0}"
}

# raw_pipelined CONNS COUNT BYTES -> msg/s of the C anchor (scripts/bench/pipeclient.c), or "-"
raw_pipelined() {
  [ -x "$WORK/pipeclient" ] || { echo -; return; }
  timeout "$T" "$WORK/pipeclient" 127.0.0.1 "$SINK_PORT" "$1" "$2" "$3" 2>/dev/null || echo -
}

bench_bulk() {
  echo "bench: bulk (pigeon bulk vs smtp-source and a raw pipelined client into smtp-sink)…" >&2
  local size count bytes label conns src_ms src raw nofs fs
  BULK_ROWS=()
  if command -v cc >/dev/null 2>&1; then
    cc -O2 -pthread -o "$WORK/pipeclient" "$REPO/scripts/bench/pipeclient.c" 2>"$WORK/cc.log" ||
      echo "bench: cannot build the raw pipelined client (see $WORK/cc.log); its column stays empty" >&2
  fi
  for size in small large; do
    if [ "$size" = small ]; then count=$BENCH_SMALL_COUNT bytes=1024 label="1 KB"
    else count=$BENCH_LARGE_COUNT bytes=102400 label="100 KB"; fi
    make_template "$WORK/tpl-$bytes.eml" "$bytes"
    make_recipients "$WORK/rcpt-$count.csv" "$count"
    for conns in $BENCH_CONNS; do
      src_ms=$(smtp_source "$conns" "$count" "$bytes" "$SINK_PORT")
      src=$(rate "$count" "$src_ms")
      raw=$(raw_pipelined "$conns" "$count" "$bytes")
      read -r -a nofs <<<"$(pigeon_bulk "$conns" "$count" "$bytes" 0)"
      read -r -a fs <<<"$(pigeon_bulk "$conns" "$count" "$bytes" 1)"
      local target="" op=">="
      if [ "$bytes" = 1024 ]; then
        if [ "$conns" = 1 ]; then target=2; elif [ "$conns" = 8 ]; then target=1.5; fi
      fi
      local r1 r2 r3 rr
      r1=$(ratio "${nofs[0]}" "$src") r2=$(ratio "${nofs[1]}" "$src") r3=$(ratio "${fs[0]}" "$src")
      rr=$(ratio "${nofs[1]}" "$raw")
      BULK_ROWS+=("| $label × $count | $conns | $src | $raw | ${nofs[0]} (${nofs[1]}) | $r1 ($r2) | $rr | ${fs[0]} (${fs[1]}) | $r3 | ${target:+≥ $target: $(meets "$r1" "$op" "$target")} |")
      echo "  $label × $count, $conns conn: smtp-source $src msg/s; raw pipelined $raw; pigeon --no-fsync ${nofs[0]} (summary ${nofs[1]}); fsync ${fs[0]} (summary ${fs[1]})" >&2
    done
  done
}

bench_big() {
  local mib=$BENCH_BIG_MIB bytes file=$WORK/big.eml t ms src_ms tv=$WORK/time.out rss src_rss
  bytes=$((mib * 1048576))
  echo "bench: one $mib MiB message…" >&2
  make_message "$file" "$bytes"
  bytes=$(stat -c %s "$file")
  # smtp-source -l counts payload bytes; pigeon's file holds a few header lines more.
  t=$(now_ns)
  /usr/bin/time -v -o "$tv" timeout "$T" smtp-source -s 1 -m 1 -l "$bytes" -f "$FROM" -t "$TO" -M bench.test "127.0.0.1:$SINK_PORT" >/dev/null
  src_ms=$(ms_since "$t")
  src_rss=$(max_rss_mib "$tv")
  t=$(now_ns)
  PIGEON_JAVA_OPTS=-Xmx64m /usr/bin/time -v -o "$tv" timeout "$T" "$PIGEON" send --server 127.0.0.1 --port "$SINK_PORT" \
    --no-tls --from "$FROM" --to "$TO" --data "$file" --show none >/dev/null 2>"$WORK/big.err" ||
    { echo "bench: pigeon send (big) failed:" >&2; tail -5 "$WORK/big.err" >&2; }
  ms=$(ms_since "$t")
  rss=$(max_rss_mib "$tv")
  local a b r
  a=$(mib_per_s "$bytes" "$ms") b=$(mib_per_s "$bytes" "$src_ms") r=$(ratio "$a" "$b")
  row "one $mib MiB message (pigeon send, -Xmx64m)" "$a" "MiB/s" "smtp-source" "$b" "$r" "≥ 1" "$(meets "$r" ">=" 1)"
  row "peak RSS of that send" "$rss" "MiB" "smtp-source" "$src_rss" "$(ratio "$rss" "$src_rss")" "-" "-"
  rm -f "$file"
}

bench_send() {
  local runs=$BENCH_RUNS msg=$WORK/one.eml p s m c n
  echo "bench: one message, whole process, median of $runs…" >&2
  make_message "$msg" 1024
  local to=(--from "$FROM" --to "$TO")
  p=$(median_ms "$runs" "$PIGEON send --server 127.0.0.1 --port $SINK_PORT ${to[*]} --data $msg --show none")
  n=$(median_ms "$runs" "$PIGEON send --server 127.0.0.1 --port $SINK_PORT ${to[*]} --data $msg --show none --no-tls")
  s=$(median_ms "$runs" "swaks --server 127.0.0.1:$SINK_PORT ${to[*]} --data @$msg --silent 2")
  m=$(median_ms "$runs" "msmtp --file=/dev/null --host=127.0.0.1 --port=$SINK_PORT --auth=off --tls=off --from=$FROM $TO < $msg")
  c=$(median_ms "$runs" "curl -s smtp://127.0.0.1:$SINK_PORT --mail-from $FROM --mail-rcpt $TO -T $msg")
  local r
  r=$(ratio "$p" "$s")
  row "one pigeon send (whole process)" "$p" "ms" "swaks" "$s" "$r" "≤ 1.5" "$(meets "$r" "<=" 1.5)"
  row "one pigeon send" "$p" "ms" "msmtp" "$m" "$(ratio "$p" "$m")" "-" "-"
  row "one pigeon send" "$p" "ms" "curl" "$c" "$(ratio "$p" "$c")" "-" "-"
  row "one pigeon send --no-tls (no TLS context made)" "$n" "ms" "pigeon send (default)" "$p" "$(ratio "$n" "$p")" "-" "-"
}

bench_startup() {
  local runs=$BENCH_RUNS a n h
  echo "bench: CLI start-up…" >&2
  a=$(median_ms "$runs" "$PIGEON --help")
  n=$(median_ms "$runs" "PIGEON_AOT=0 $PIGEON --help")
  row "./pigeon --help (AOT cache)" "$a" "ms" "PIGEON_AOT=0 ./pigeon --help" "$n" "$(ratio "$a" "$n")" "-" "-"
  # The floor: a hello world on the same JDK with the launcher's flags.
  # shellcheck source=.ci/lib/jdk.sh
  . "$REPO/.ci/lib/jdk.sh"
  if pigeon_pick_jdk 21 javac 2>/dev/null; then
    printf 'class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' >"$WORK/Hello.java"
    "$PIGEON_JDK_HOME/bin/javac" -d "$WORK" "$WORK/Hello.java"
    h=$(median_ms "$runs" "$PIGEON_JDK_HOME/bin/java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp $WORK Hello")
    row "./pigeon --help (AOT cache)" "$a" "ms" "java hello world" "$h" "$(ratio "$a" "$h")" "-" "-"
  fi
}

serve_rate() { # SESSIONS PORT -> msg/s of smtp-source into 127.0.0.1:PORT
  local ms
  ms=$(smtp_source "$1" "$BENCH_SERVE_COUNT" 1024 "$2")
  rate "$BENCH_SERVE_COUNT" "$ms"
}

bench_serve() {
  echo "bench: receiving (smtp-source into pigeon serve, aiosmtpd, smtp-sink)…" >&2
  local pp np ap pid_p pid_n pid_a conns p n a s
  pp=$(free_port)
  bg_start "$PIGEON" serve --port "$pp" --maildir "$WORK/maildir"
  pid_p=$BG_PID
  np=$(free_port)
  bg_start "$PIGEON" serve --port "$np" --maildir "$WORK/maildir-nofsync" --no-fsync
  pid_n=$BG_PID
  ap=$(free_port)
  bg_start /usr/bin/python3 -m aiosmtpd -n -c aiosmtpd.handlers.Sink -l "127.0.0.1:$ap"
  pid_a=$BG_PID
  wait_port "$pp"
  wait_port "$np"
  wait_port "$ap"
  for conns in $BENCH_CONNS; do
    p=$(serve_rate "$conns" "$pp")
    n=$(serve_rate "$conns" "$np")
    a=$(serve_rate "$conns" "$ap")
    s=$(serve_rate "$conns" "$SINK_PORT")
    # aiosmtpd's Sink and smtp-sink store nothing; pigeon serve writes a Maildir file per message.
    row "pigeon serve --no-fsync ← smtp-source, $conns conn" "$n" "msg/s" "aiosmtpd (stores nothing)" "$a" "$(ratio "$n" "$a")" "-" "-"
    row "pigeon serve --no-fsync ← smtp-source, $conns conn" "$n" "msg/s" "smtp-sink (stores nothing)" "$s" "$(ratio "$n" "$s")" "-" "-"
    row "pigeon serve (2 fsyncs a message) ← smtp-source, $conns conn" "$p" "msg/s" "aiosmtpd (stores nothing)" "$a" "$(ratio "$p" "$a")" "-" "-"
  done
  bg_stop "$pid_p"
  bg_stop "$pid_n"
  bg_stop "$pid_a"
  rm -rf "$WORK/maildir" "$WORK/maildir-nofsync"
}

# --- run ----------------------------------------------------------------------------------------
start_sink
START=$(now_ns)
LOAD_MAX=0
note_load() { LOAD_MAX=$(awk -v m="$LOAD_MAX" '{ print ($1 > m ? $1 : m) }' /proc/loadavg); }
for section in bulk big send serve startup; do
  if wants "$section"; then
    note_load
    "bench_$section"
  fi
done
note_load
TOTAL_S=$(($(ms_since "$START") / 1000))

{
  echo "pigeon bench: $(date -u +%Y-%m-%dT%H:%MZ), jar $JAR_HASH, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)," \
    "$([ "$QUICK" = 1 ] && echo quick || echo full) run, ${TOTAL_S} s"
  # Other processes competing for the cores distort wall times (JVM runs more than C tools).
  if awk -v l="$LOAD_MAX" -v c="$(nproc)" 'BEGIN { exit !(l > c) }'; then
    echo
    echo "WARNING: load average reached $LOAD_MAX on $(nproc) cores during the run: other processes competed; re-run on a quiet machine before trusting the ratios."
  fi
  if [ ${#BULK_ROWS[@]} -gt 0 ]; then
    echo
    echo "Bulk, msg/s into smtp-sink. pigeon: whole process (JVM start, spooling, delivery); in brackets the rate its own summary reports (without the JVM start). raw pipelined: scripts/bench/pipeclient.c, one round trip per message, no spool (target: pigeon within 80% of it, i.e. ratio ≥ 0.8)."
    echo
    echo "| messages | conns | smtp-source | raw pipelined | pigeon --no-fsync | ratio to smtp-source | ratio (summary) to raw | pigeon fsync | ratio | target (smtp-source) |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    printf '%s\n' "${BULK_ROWS[@]}"
  fi
  if [ ${#ROWS[@]} -gt 0 ]; then
    echo
    echo "| case | pigeon | anchor | anchor's figure | ratio (pigeon ÷ anchor) | target | |"
    echo "| --- | --- | --- | --- | --- | --- | --- |"
    printf '%s\n' "${ROWS[@]}"
  fi
} >"$RESULTS"
echo
cat "$RESULTS"
