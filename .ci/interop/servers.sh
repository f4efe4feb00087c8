# Starts and stops the real SMTP peers of the interoperability suite. Sourced by .ci/interop/run.
#
# Every server listens on 127.0.0.1 only, on a free port, with its data under $WORK (a fresh
# folder under /var/tmp: Postfix's postlogd only writes logs below /var). Each start function
# records the PID(s) it started; interop_stop_all stops exactly those.
#
# After start:  SINK_PORT SINK_DIR        smtp-sink, dumps one file per transaction
#               AIO_PORT  AIO_DIR         aiosmtpd_sink.py, saves NNNN.eml per message
#               PF_PORT   PF_MAILDIR      Postfix, delivers b@y.test (and c@y.test) to Maildirs,
#                                         relays z.test to pigeon serve when that runs
#               SERVE_PORT SERVE_DIR      `pigeon serve` (our own receiver), a Maildir

PY=/usr/bin/python3 # Debian's python: python3-aiosmtpd is installed for it, not for a pyenv one
INTEROP_PIDS=()
PF_CONF=""

interop_free_port() {
  "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Waits up to $2 seconds until something accepts connections on 127.0.0.1:$1.
interop_wait_port() {
  "$PY" - "$1" "${2:-15}" <<'EOF'
import socket, sys, time
port, deadline = int(sys.argv[1]), time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
EOF
}

interop_start_smtp_sink() {
  SINK_DIR=$WORK/smtp-sink
  mkdir -p "$SINK_DIR" && chown nobody "$SINK_DIR"
  SINK_PORT=$(interop_free_port)
  # -u: smtp-sink refuses to run as root; -d: one dump file per mail transaction.
  smtp-sink -u nobody -d "$SINK_DIR/%Y%m%d%H%M%S." "127.0.0.1:$SINK_PORT" 64 </dev/null >/dev/null 2>&1 &
  INTEROP_PIDS+=($!)
  interop_wait_port "$SINK_PORT" 10 || { echo "interop: smtp-sink did not start on port $SINK_PORT" >&2; return 1; }
}

interop_start_aiosmtpd() {
  AIO_DIR=$WORK/aiosmtpd
  mkdir -p "$AIO_DIR"
  local port_file=$WORK/aiosmtpd.port i
  "$PY" "$INTEROP_HOME/aiosmtpd_sink.py" --dir "$AIO_DIR" --port-file "$port_file" \
    </dev/null >/dev/null 2>"$WORK/aiosmtpd.err" &
  INTEROP_PIDS+=($!)
  for i in $(seq 1 200); do # the script writes the port file once it listens
    [ -f "$port_file" ] && break
    sleep 0.05
  done
  if [ ! -f "$port_file" ]; then
    echo "interop: aiosmtpd did not start; its stderr:" >&2
    cat "$WORK/aiosmtpd.err" >&2
    return 1
  fi
  AIO_PORT=$(cat "$port_file")
}

# Our own receiver, so that real clients (smtp-source, smtplib, Postfix's smtp) can talk to it.
interop_start_pigeon_serve() { # command...
  SERVE_DIR=$WORK/pigeon-serve
  local out=$WORK/pigeon-serve.out i
  "$@" serve --port 0 --maildir "$SERVE_DIR" --hostname pigeon.interop.test \
    </dev/null >"$out" 2>"$WORK/pigeon-serve.err" &
  INTEROP_PIDS+=($!)
  for i in $(seq 1 300); do # it prints "pigeon: listening on 127.0.0.1:PORT ..." once bound
    SERVE_PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$out" | head -n 1)
    [ -n "$SERVE_PORT" ] && return 0
    sleep 0.05
  done
  echo "interop: pigeon serve did not report a port; its output:" >&2
  cat "$out" "$WORK/pigeon-serve.err" >&2
  return 1
}

# A private Postfix instance (own config, queue and data folders under $WORK), so nothing of
# /etc/postfix is used or changed. It accepts mail for y.test and delivers b@y.test and
# c@y.test into Maildirs owned by nobody; any other y.test recipient gets "550 5.1.1".
interop_start_postfix() {
  PF_CONF=$WORK/postfix/etc
  local base=$WORK/postfix
  PF_MAILDIR=$base/mail/y.test/b
  PF_PORT=$(interop_free_port)
  mkdir -p "$PF_CONF" "$base/queue" "$base/data" "$base/mail/y.test"
  chown nobody:nogroup "$base/mail/y.test"
  chown postfix "$base/data"
  cp /etc/postfix/master.cf.proto "$PF_CONF/master.cf" 2>/dev/null ||
    cp /usr/share/postfix/master.cf.dist "$PF_CONF/master.cf"
  : >"$PF_CONF/main.cf"
  printf 'b@y.test y.test/b/\nc@y.test y.test/c/\n' >"$PF_CONF/vmailbox"
  postconf -c "$PF_CONF" -e \
    "compatibility_level = 3.6" \
    "config_directory = $PF_CONF" \
    "queue_directory = $base/queue" \
    "data_directory = $base/data" \
    "mail_owner = postfix" \
    "setgid_group = postdrop" \
    "myhostname = postfix.interop.test" \
    "mydomain = interop.test" \
    "mydestination =" \
    "mynetworks = 127.0.0.0/8" \
    "inet_interfaces = loopback-only" \
    "inet_protocols = ipv4" \
    "relayhost =" \
    "relay_domains =" \
    "maillog_file = $base/maillog" \
    "smtpd_error_sleep_time = 0" \
    "smtpd_soft_error_limit = 100" \
    "smtpd_hard_error_limit = 200" \
    "smtpd_banner = \$myhostname ESMTP" \
    "disable_dns_lookups = yes" \
    "smtp_dns_support_level = disabled" \
    "alias_maps =" \
    "alias_database =" \
    "virtual_mailbox_domains = y.test" \
    "virtual_mailbox_base = $base/mail" \
    "virtual_mailbox_maps = texthash:$PF_CONF/vmailbox" \
    "virtual_uid_maps = static:65534" \
    "virtual_gid_maps = static:65534" \
    "virtual_minimum_uid = 100" \
    "queue_run_delay = 1s" \
    "minimal_backoff_time = 1s"
  # No chroot: only Debian's init script prepares one. Our SMTP service on 127.0.0.1:PORT.
  if [ -n "${SERVE_PORT:-}" ]; then # Postfix's SMTP client relays z.test to pigeon serve
    printf 'z.test smtp:[127.0.0.1]:%s\n' "$SERVE_PORT" >"$PF_CONF/transport"
    postconf -c "$PF_CONF" -e "relay_domains = z.test" "transport_maps = texthash:$PF_CONF/transport" \
      "smtp_tls_security_level = none"
  fi
  postconf -c "$PF_CONF" -F '*/*/chroot = n'
  postconf -c "$PF_CONF" -M# smtp/inet
  postconf -c "$PF_CONF" -Me "127.0.0.1:$PF_PORT/inet = 127.0.0.1:$PF_PORT inet n - n - - smtpd"
  if ! postfix -c "$PF_CONF" start </dev/null >"$WORK/postfix-start.log" 2>&1; then
    echo "interop: postfix did not start:" >&2
    cat "$WORK/postfix-start.log" "$base/maillog" >&2 2>/dev/null || true
    return 1
  fi
  local pid_file=$base/queue/pid/master.pid i
  for i in $(seq 1 100); do [ -s "$pid_file" ] && break; sleep 0.05; done
  PF_MASTER_PID=$(tr -d ' \n' <"$pid_file" 2>/dev/null || true)
  if ! interop_wait_port "$PF_PORT" 15; then
    echo "interop: postfix is not listening on port $PF_PORT; its log:" >&2
    tail -n 30 "$base/maillog" >&2 2>/dev/null || true
    return 1
  fi
}

# Stops what this run started, and only that.
interop_stop_all() {
  local pid
  if [ -n "$PF_CONF" ] && [ -f "$PF_CONF/main.cf" ]; then
    postfix -c "$PF_CONF" stop </dev/null >/dev/null 2>&1 || true
    if [ -n "${PF_MASTER_PID:-}" ]; then
      for _ in $(seq 1 50); do kill -0 "$PF_MASTER_PID" 2>/dev/null || break; sleep 0.1; done
      kill "$PF_MASTER_PID" 2>/dev/null || true
    fi
    PF_CONF=""
  fi
  for pid in "${INTEROP_PIDS[@]+"${INTEROP_PIDS[@]}"}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${INTEROP_PIDS[@]+"${INTEROP_PIDS[@]}"}"; do
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  INTEROP_PIDS=()
}
