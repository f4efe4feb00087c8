# A private Dovecot instance for the interoperability suite. Sourced by .ci/interop/run.
#
# Its config, runtime and state folders and its log live under $WORK/dovecot; /etc/dovecot is
# not used. It serves:
#   - SASL for Postfix's submission listeners: a socket at $DV_AUTH_SOCKET (mode 0660, owned by
#     postfix), mechanisms PLAIN LOGIN CRAM-MD5 SCRAM-SHA-1 SCRAM-SHA-256 for the one user
#     $DV_USER with password $DV_PASSWORD (stored as {PLAIN}, so every mechanism can work);
#   - LMTP on 127.0.0.1:$DV_LMTP_PORT (Postfix hands it mail for $DV_USER@w.test);
#   - IMAP on 127.0.0.1:$DV_IMAP_PORT, the user's mail in the Maildir $DV_MAILDIR.
# Set before the call: DV_LMTP_PORT, DV_IMAP_PORT. Start it before Postfix: an smtpd that finds
# no auth socket exits ("no SASL authentication mechanisms") and Postfix throttles that listener
# for a minute.

DV_CONF="" DV_USER=alice DV_PASSWORD=Pigeon-interop-s3cret

interop_start_dovecot() {
  local d=$WORK/dovecot
  local home=$d/home/$DV_USER
  DV_MAILDIR=$home/Maildir
  DV_AUTH_SOCKET=$d/run/auth-postfix
  mkdir -p "$d/run" "$d/state" "$home"
  chown -R nobody:nogroup "$d/home"
  printf '%s:{PLAIN}%s:65534:65534::%s::\n' "$DV_USER" "$DV_PASSWORD" "$home" >"$d/users"
  chmod 640 "$d/users"
  chgrp dovecot "$d/users"
  cat >"$d/dovecot.conf" <<EOF
protocols = imap lmtp
listen = 127.0.0.1
base_dir = $d/run
state_dir = $d/state
log_path = $d/dovecot.log
ssl = no
# Postfix tells Dovecot whether the SMTP session is under TLS; Postfix's listeners decide
# whether AUTH is offered without TLS (one of them does, on purpose).
disable_plaintext_auth = no
auth_mechanisms = plain login cram-md5 scram-sha-1 scram-sha-256
auth_username_format = %Ln
auth_verbose = yes
auth_failure_delay = 0 # no 2 s pause after a wrong password
mail_location = maildir:~/Maildir
default_internal_user = dovecot
default_login_user = dovenull
passdb {
  driver = passwd-file
  args = scheme=PLAIN $d/users
}
userdb {
  driver = passwd-file
  args = $d/users
}
service auth {
  unix_listener ${DV_AUTH_SOCKET##*/} { # relative: inside base_dir
    mode = 0660
    user = postfix
    group = postfix
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $DV_IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $DV_LMTP_PORT
  }
}
EOF
  DV_CONF=$d/dovecot.conf
  # Dovecot keeps the stdout/stderr it was started with: never hand it a pipe.
  if ! dovecot -c "$DV_CONF" </dev/null >/dev/null 2>"$d/start.err"; then
    echo "interop: dovecot did not start:" >&2
    cat "$d/start.err" "$d/dovecot.log" >&2 2>/dev/null || true
    DV_CONF=""
    return 1
  fi
  local i
  for i in $(seq 1 100); do [ -s "$d/run/master.pid" ] && [ -S "$DV_AUTH_SOCKET" ] && break; sleep 0.05; done
  DV_MASTER_PID=$(tr -d ' \n' <"$d/run/master.pid" 2>/dev/null || true)
  if [ ! -S "$DV_AUTH_SOCKET" ] || ! interop_wait_port "$DV_LMTP_PORT" 10 || ! interop_wait_port "$DV_IMAP_PORT" 10; then
    echo "interop: dovecot is not serving (auth socket $DV_AUTH_SOCKET, LMTP :$DV_LMTP_PORT, IMAP :$DV_IMAP_PORT); its log:" >&2
    tail -n 30 "$d/dovecot.log" >&2 2>/dev/null || true
    return 1
  fi
}

interop_stop_dovecot() {
  [ -n "$DV_CONF" ] || return 0
  if [ -n "${DV_MASTER_PID:-}" ] && kill "$DV_MASTER_PID" 2>/dev/null; then
    for _ in $(seq 1 50); do kill -0 "$DV_MASTER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$DV_MASTER_PID" 2>/dev/null || true
  fi
  DV_CONF=""
}
