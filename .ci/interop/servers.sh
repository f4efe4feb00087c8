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
#               PF_*_PORT PF_LOG          Postfix's TLS/SASL listeners (interop_postfix_tls_listeners)
#               DV_*                      Dovecot (dovecot.sh)

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
  interop_run_pigeon_serve "$WORK/pigeon-serve" "$@" serve --port 0 --maildir "$SERVE_DIR" \
    --hostname pigeon.interop.test || return 1
  SERVE_PORT=$STARTED_PORT
}

# Our receiver with STARTTLS (a certificate it makes itself) and AUTH required, for user
# $SERVE_USER. Sets TLS_SERVE_PORT, TLS_SERVE_DIR and TLS_SERVE_CA (the PEM it printed).
SERVE_USER=alice SERVE_PASSWORD=serve-s3cret-Pigeon
interop_start_pigeon_serve_tls() { # command...
  TLS_SERVE_DIR=$WORK/pigeon-serve-tls
  local args=(serve --port 0 --maildir "$TLS_SERVE_DIR" --hostname localhost --tls-self-signed
    --user "$SERVE_USER:$SERVE_PASSWORD" --require-auth)
  ! serve_has --require-tls || args+=(--require-tls)
  interop_run_pigeon_serve "$WORK/pigeon-serve-tls" "$@" "${args[@]}" || return 1
  TLS_SERVE_PORT=$STARTED_PORT
  # It prints the path of its certificate's PEM (for clients' --tls-ca).
  TLS_SERVE_CA=$(grep -ohE '/[^ "'\'']+\.pem' "$WORK/pigeon-serve-tls.out" "$WORK/pigeon-serve-tls.err" | head -n 1)
  if [ ! -f "$TLS_SERVE_CA" ]; then
    echo "interop: pigeon serve --tls-self-signed printed no certificate path; its output:" >&2
    cat "$WORK/pigeon-serve-tls.out" "$WORK/pigeon-serve-tls.err" >&2
    return 1
  fi
}

# Implicit TLS (RFC 8314) with the test CA's server certificate, users from a file.
# Sets TLSC_SERVE_PORT and TLSC_SERVE_DIR.
interop_start_pigeon_serve_implicit() { # command...
  TLSC_SERVE_DIR=$WORK/pigeon-serve-implicit
  printf '# users for pigeon serve --users\n%s:%s\n' "$SERVE_USER" "$SERVE_PASSWORD" >"$WORK/serve-users"
  chmod 600 "$WORK/serve-users"
  interop_run_pigeon_serve "$WORK/pigeon-serve-implicit" "$@" serve --port 0 --maildir "$TLSC_SERVE_DIR" \
    --hostname localhost --tls-on-connect --tls-cert "$TLS_DIR/server.pem" --tls-key "$TLS_DIR/server.key" \
    --users "$WORK/serve-users" --require-auth || return 1
  TLSC_SERVE_PORT=$STARTED_PORT
}

# Starts `pigeon serve` with its output in OUT_PREFIX.out/.err; sets STARTED_PORT to the port
# it bound. (Not in a $(...) subshell: the PID must reach INTEROP_PIDS.)
interop_run_pigeon_serve() { # out-prefix, command...
  local out=$1.out err=$1.err i port; shift
  "$@" </dev/null >"$out" 2>"$err" &
  INTEROP_PIDS+=($!)
  for i in $(seq 1 300); do # it prints "pigeon: listening on 127.0.0.1:PORT ..." once bound
    port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$out" 2>/dev/null | head -n 1)
    [ -n "$port" ] && { STARTED_PORT=$port; return 0; }
    sleep 0.05
  done
  echo "interop: pigeon serve did not report a port; its output:" >&2
  cat "$out" "$err" >&2
  return 1
}

# A private Postfix instance (own config, queue and data folders under $WORK), so nothing of
# /etc/postfix is used or changed. It accepts mail for y.test and delivers b@y.test and
# c@y.test into Maildirs owned by nobody; any other y.test recipient gets "550 5.1.1".
interop_start_postfix() {
  PF_CONF=$WORK/postfix/etc
  local base=$WORK/postfix
  PF_MAILDIR=$base/mail/y.test/b
  PF_LOG=$base/maillog
  PF_PORT=$(interop_free_port)
  mkdir -p "$PF_CONF" "$base/queue" "$base/data" "$base/mail/y.test"
  chown nobody:nogroup "$base/mail/y.test"
  chown postfix "$base/data"
  cp /etc/postfix/master.cf.proto "$PF_CONF/master.cf" 2>/dev/null ||
    cp /usr/share/postfix/master.cf.dist "$PF_CONF/master.cf"
  : >"$PF_CONF/main.cf"
  printf 'b@y.test y.test/b/\nc@y.test y.test/c/\n' >"$PF_CONF/vmailbox"
  # For the extension cases (cases_ext.sh): d (a local sender that gets DSN reports), a UTF-8
  # local part (SMTPUTF8) and an IDN domain in both forms (A-label and U-label).
  printf '%s\n' 'd@y.test y.test/d/' 'jösé@y.test y.test/jose/' 'e@xn--bcher-kva.test y.test/e/' \
    'e@bücher.test y.test/e/' >>"$PF_CONF/vmailbox"
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
    "virtual_mailbox_domains = y.test xn--bcher-kva.test bücher.test" \
    "virtual_mailbox_base = $base/mail" \
    "virtual_mailbox_maps = texthash:$PF_CONF/vmailbox" \
    "virtual_uid_maps = static:65534" \
    "virtual_gid_maps = static:65534" \
    "virtual_minimum_uid = 100" \
    "queue_run_delay = 1s" \
    "minimal_backoff_time = 1s"
  # Relays: z.test to pigeon serve (Postfix's SMTP client), w.test to Dovecot's LMTP.
  local relay=() transport=$PF_CONF/transport
  : >"$transport"
  if [ -n "${SERVE_PORT:-}" ]; then
    printf 'z.test smtp:[127.0.0.1]:%s\n' "$SERVE_PORT" >>"$transport"
    relay+=(z.test)
  fi
  if [ -n "${DV_LMTP_PORT:-}" ]; then
    printf 'w.test lmtp:inet:127.0.0.1:%s\n' "$DV_LMTP_PORT" >>"$transport"
    relay+=(w.test)
  fi
  postconf -c "$PF_CONF" -e "relay_domains = ${relay[*]-}" "transport_maps = texthash:$transport" \
    "smtp_tls_security_level = none"
  # No chroot: only Debian's init script prepares one. Our SMTP service on 127.0.0.1:PORT.
  postconf -c "$PF_CONF" -F '*/*/chroot = n'
  postconf -c "$PF_CONF" -M# smtp/inet
  postconf -c "$PF_CONF" -Me "127.0.0.1:$PF_PORT/inet = 127.0.0.1:$PF_PORT inet n - n - - smtpd -o syslog_name=postfix/plain"
  [ -z "${TLS_DIR:-}" ] || interop_postfix_tls_listeners
  interop_postfix_ext_listeners
  if ! postfix -c "$PF_CONF" start </dev/null >"$WORK/postfix-start.log" 2>&1; then
    echo "interop: postfix did not start:" >&2
    cat "$WORK/postfix-start.log" "$base/maillog" >&2 2>/dev/null || true
    return 1
  fi
  local pid_file=$base/queue/pid/master.pid i
  for i in $(seq 1 100); do [ -s "$pid_file" ] && break; sleep 0.05; done
  PF_MASTER_PID=$(tr -d ' \n' <"$pid_file" 2>/dev/null || true)
  local port
  for port in "$PF_PORT" "$PF_EXT_PORT" "$PF_SMALL_PORT" "$PF_OLD_PORT" \
    ${PF_TLS_PORT:+"$PF_TLS_PORT" "$PF_SUB_PORT" "$PF_SMTPS_PORT" "$PF_PAUTH_PORT"}; do
    interop_wait_port "$port" 15 && continue
    echo "interop: postfix is not listening on port $port; its log:" >&2
    tail -n 30 "$base/maillog" >&2 2>/dev/null || true
    return 1
  done
}

# TLS and SASL for the private Postfix (needs TLS_DIR from interop_make_certs, and Dovecot
# started, for its DV_AUTH_SOCKET). The plain
# listener on PF_PORT stays as it was; each new listener logs under its own syslog_name, so
# a case can find its session's "disconnect from ... ehlo=1 auth=0/1 ..." line in the log:
#   PF_TLS_PORT      postfix/starttls   STARTTLS offered (may), asks for a client certificate
#   PF_SUB_PORT      postfix/submission STARTTLS required (encrypt), AUTH only after it, relay
#                                       only when authenticated
#   PF_SMTPS_PORT    postfix/smtps      implicit TLS (wrapper mode), AUTH, as submission
#   PF_PAUTH_PORT    postfix/plainauth  no TLS at all but AUTH offered: a trap for credentials
#   PF_WRONG_PORT    postfix/wrongname  STARTTLS with a certificate for wrong.example only
#   PF_EXPIRED_PORT  postfix/expired    STARTTLS with a certificate that expired in 2020
interop_postfix_tls_listeners() {
  postconf -c "$PF_CONF" -e \
    "smtpd_tls_cert_file = $TLS_DIR/server.pem" \
    "smtpd_tls_key_file = $TLS_DIR/server.key" \
    "smtpd_tls_CAfile = $TLS_DIR/ca.pem" \
    "smtpd_tls_security_level = none" \
    "smtpd_tls_loglevel = 1" \
    "smtpd_tls_received_header = yes" \
    "smtpd_sasl_type = dovecot" \
    "smtpd_sasl_path = ${DV_AUTH_SOCKET:?start Dovecot first}" \
    "smtpd_sasl_auth_enable = no" \
    "smtpd_sasl_authenticated_header = yes"
  local auth="-o smtpd_sasl_auth_enable=yes -o smtpd_relay_restrictions=permit_sasl_authenticated,reject"
  auth+=" -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject"
  local name port
  for name in TLS SUB SMTPS PAUTH WRONG EXPIRED; do
    port=$(interop_free_port)
    printf -v "PF_${name}_PORT" '%s' "$port"
  done
  pf_listener() { # port, syslog name, -o options...
    local p=$1 n=$2; shift 2
    postconf -c "$PF_CONF" -Me "127.0.0.1:$p/inet = 127.0.0.1:$p inet n - n - - smtpd -o syslog_name=postfix/$n $*"
  }
  pf_listener "$PF_TLS_PORT" starttls -o smtpd_tls_security_level=may -o smtpd_tls_ask_ccert=yes
  pf_listener "$PF_SUB_PORT" submission -o smtpd_tls_security_level=encrypt -o smtpd_tls_auth_only=yes "$auth"
  pf_listener "$PF_SMTPS_PORT" smtps -o smtpd_tls_wrappermode=yes -o smtpd_tls_security_level=encrypt "$auth"
  pf_listener "$PF_PAUTH_PORT" plainauth -o smtpd_tls_security_level=none -o smtpd_tls_auth_only=no "$auth"
  pf_listener "$PF_WRONG_PORT" wrongname -o smtpd_tls_security_level=may \
    -o "smtpd_tls_cert_file=$TLS_DIR/wrong.pem" -o "smtpd_tls_key_file=$TLS_DIR/wrong.key"
  pf_listener "$PF_EXPIRED_PORT" expired -o smtpd_tls_security_level=may \
    -o "smtpd_tls_cert_file=$TLS_DIR/expired.pem" -o "smtpd_tls_key_file=$TLS_DIR/expired.key"
}

# Listeners for the extension cases (cases_ext.sh), each under its own syslog_name:
#   PF_EXT_PORT    postfix/ext    every extension; logs each command it receives with its
#                                 parameters ("< localhost[127.0.0.1]: MAIL FROM:<a@x.test> SIZE=...")
#   PF_SMALL_PORT  postfix/small  message_size_limit 20000, so it announces SIZE 20000
#   PF_OLD_PORT    postfix/old    hides 8BITMIME, SMTPUTF8, CHUNKING and DSN from its EHLO reply
interop_postfix_ext_listeners() {
  PF_EXT_PORT=$(interop_free_port) PF_SMALL_PORT=$(interop_free_port) PF_OLD_PORT=$(interop_free_port)
  local smtpd="inet n - n - - smtpd -o syslog_name=postfix" p
  local debug="-o debug_peer_list=127.0.0.1 -o debug_peer_level=1"
  local hide="-o smtpd_discard_ehlo_keywords=8bitmime,smtputf8,chunking,dsn"
  p=$PF_EXT_PORT; postconf -c "$PF_CONF" -Me "127.0.0.1:$p/inet = 127.0.0.1:$p $smtpd/ext $debug"
  p=$PF_SMALL_PORT; postconf -c "$PF_CONF" -Me "127.0.0.1:$p/inet = 127.0.0.1:$p $smtpd/small -o message_size_limit=20000"
  p=$PF_OLD_PORT; postconf -c "$PF_CONF" -Me "127.0.0.1:$p/inet = 127.0.0.1:$p $smtpd/old $hide"
}

# Stops what this run started, and only that.
interop_stop_all() {
  local pid
  interop_stop_dovecot
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
