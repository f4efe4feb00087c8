# Installs the real SMTP peers the interoperability suite talks to (Debian/Ubuntu, as root).
# Sourced by .ci/interop/run; skips everything whose binaries are already there.

interop_missing_packages() {
  local missing=()
  command -v smtp-sink >/dev/null 2>&1 || [ -x /usr/sbin/smtp-sink ] || missing+=(postfix)
  [ -x /usr/sbin/postfix ] || [[ " ${missing[*]-} " == *" postfix "* ]] || missing+=(postfix)
  /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || missing+=(python3-aiosmtpd)
  # Dovecot: SASL authentication for Postfix's submission listener (core), IMAP and LMTP.
  [ -x /usr/sbin/dovecot ] || missing+=(dovecot-core)
  [ -x /usr/lib/dovecot/imap ] || missing+=(dovecot-imapd)
  [ -x /usr/lib/dovecot/lmtp ] || missing+=(dovecot-lmtpd)
  # swaks (with Net::SSLeay for STARTTLS): an independent client against `pigeon serve`.
  [ -x /usr/bin/swaks ] || missing+=(swaks)
  perl -MNet::SSLeay -e 1 >/dev/null 2>&1 || missing+=(libnet-ssleay-perl)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl) # makes the test CA and certificates
  echo "${missing[*]-}"
}

# Installs the missing packages without letting their init scripts start daemons.
interop_install() {
  local missing; missing=$(interop_missing_packages)
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "interop: missing packages ($missing) and cannot install them (needs root and apt-get)" >&2
    return 1
  fi
  echo "interop: installing $missing" >&2
  local made_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
    made_policy=yes
  fi
  # "No configuration": the package leaves /etc/postfix/main.cf alone; we run a private instance.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections 2>/dev/null || true
  local rc=0 log="${INTEROP_LOG_DIR:-/tmp}/interop-apt.log"
  # shellcheck disable=SC2086
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing >"$log" 2>&1; then
    # The package lists may be missing or stale on a fresh machine: refresh once and retry.
    DEBIAN_FRONTEND=noninteractive apt-get update >>"$log" 2>&1 || true
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing >>"$log" 2>&1 || rc=$?
  fi
  [ -n "$made_policy" ] && rm -f /usr/sbin/policy-rc.d
  if [ "$rc" != 0 ]; then
    echo "interop: apt-get install failed (exit $rc); log: $log" >&2
    tail -n 20 "$log" >&2
    return 1
  fi
}
