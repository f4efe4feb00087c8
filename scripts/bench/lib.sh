# shellcheck shell=bash
# Helpers for scripts/bench.sh (sourced; bash, set -euo pipefail). Loopback only.
# Every background process is started as a plain command so that $! is its own PID, recorded in
# BENCH_PIDS, and stopped by that PID on exit; nothing is killed by name.

BENCH_PIDS=()

now_ns() { date +%s%N; }

# ms_since START_NS -> elapsed milliseconds (integer)
ms_since() { echo $((($(now_ns) - $1) / 1000000)); }

# rate COUNT MS -> messages per second (integer)
rate() { awk -v n="$1" -v ms="$2" 'BEGIN { printf "%d", (ms > 0 ? n * 1000 / ms : 0) }'; }

# mib_per_s BYTES MS -> MiB/s with one decimal
mib_per_s() { awk -v b="$1" -v ms="$2" 'BEGIN { printf "%.1f", (ms > 0 ? b / 1048576 / (ms / 1000) : 0) }'; }

# ratio A B -> A/B with two decimals, or "-" when either is missing or zero
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else printf "-" }'; }

# meets RATIO OP LIMIT -> "met" / "missed" / "-" (OP is >= or <=)
meets() {
  awk -v r="$1" -v op="$2" -v l="$3" 'BEGIN {
    if (r == "-" || l == "") { print "-"; exit }
    ok = (op == ">=") ? (r + 0 >= l + 0) : (r + 0 <= l + 0); print (ok ? "met" : "missed") }'
}

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_port PORT [SECONDS]: until something accepts on 127.0.0.1:PORT
wait_port() {
  local port=$1 tries=$((${2:-30} * 10))
  while [ "$tries" -gt 0 ]; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
    tries=$((tries - 1))
  done
  echo "bench: nothing listens on 127.0.0.1:$port" >&2
  return 1
}

# bg_start CMD ARGS...: runs CMD in the background, output to /dev/null; sets BG_PID
bg_start() {
  "$@" </dev/null >/dev/null 2>&1 &
  BG_PID=$!
  BENCH_PIDS+=("$BG_PID")
}

# bg_stop PID: stops one process we started, and waits for it
bg_stop() {
  local pid=$1
  kill "$pid" 2>/dev/null || return 0
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

bench_cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]+"${BENCH_PIDS[@]}"}"; do bg_stop "$pid"; done
  BENCH_PIDS=()
}

# median of the numbers on stdin (one per line)
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# median_ms RUNS CMD: median wall time in ms of CMD (a shell string), after one warm-up run.
# hyperfine when installed (it also subtracts the shell's own start), else a date +%s%N loop.
median_ms() {
  local runs=$1 cmd=$2 csv
  if command -v hyperfine >/dev/null 2>&1; then
    csv=$(mktemp)
    # every run has BENCH_TIMEOUT seconds at most
    timeout "$(((runs + 1) * ${BENCH_TIMEOUT:-600}))" \
      hyperfine --style none --warmup 1 --runs "$runs" --export-csv "$csv" "$cmd" >/dev/null 2>&1 ||
      { rm -f "$csv"; echo "bench: failed: $cmd" >&2; echo 0; return; }
    # command,mean,stddev,median,user,system,min,max (seconds)
    awk -F, 'NR == 2 { printf "%.1f", $4 * 1000 }' "$csv"
    rm -f "$csv"
  else
    local t
    timeout "${BENCH_TIMEOUT:-600}" bash -c "$cmd" >/dev/null 2>&1 || true
    for _ in $(seq "$runs"); do
      t=$(now_ns)
      timeout "${BENCH_TIMEOUT:-600}" bash -c "$cmd" >/dev/null 2>&1 || { echo "bench: failed: $cmd" >&2; echo 0; return; }
      echo $((($(now_ns) - t) / 1000))
    done | median | awk '{ printf "%.1f", $1 / 1000 }'
  fi
}

# max_rss_mib FILE: "Maximum resident set size" from /usr/bin/time -v output, in MiB
max_rss_mib() { awk -F: '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$1"; }
