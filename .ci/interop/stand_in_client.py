#!/usr/bin/python3
"""A stand-in for `pigeon send` / `pigeon demo` built on smtplib, used by `.ci/interop/run --self-test`
to prove the harness's own checks against the real servers. Same options and exit codes as pigeon
(a subset of the TLS and AUTH ones; --tls-sni is accepted and ignored): 0 ok, 64 usage,
67 all recipients refused, 69 unavailable, 75 temporary, 76 protocol error, 77 TLS verification
or authentication refused. Prints only the transcript lines the cases look for."""
import argparse
import base64
import hashlib
import os
import smtplib
import socket
import ssl
import subprocess
import sys
from email.message import EmailMessage

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from tls_client import authenticate  # noqa: E402 (after the line above on purpose)

STRONGEST_FIRST = ["SCRAM-SHA-256", "SCRAM-SHA-1", "CRAM-MD5", "PLAIN", "LOGIN"]


class Parser(argparse.ArgumentParser):
    def error(self, message):
        sys.stderr.write("usage error: %s\n" % message)
        sys.exit(64)


def password_of(args):
    if args.auth_password_env:
        return os.environ.get(args.auth_password_env, "")
    if args.auth_password_file:
        with open(args.auth_password_file) as f:
            return f.readline().rstrip("\r\n")
    if args.auth_password_cmd:
        out = subprocess.run(args.auth_password_cmd, shell=True, capture_output=True, text=True, check=True).stdout
        return out.splitlines()[0] if out else ""
    return args.auth_password or ""


def tls_context(args):
    context = ssl.create_default_context(cafile=args.tls_ca)
    if args.tls_insecure:
        sys.stderr.write("warning: --tls-insecure: the server's certificate is not verified\n")
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    if args.tls_cert:
        context.load_cert_chain(args.tls_cert, args.tls_key)
    if args.tls_protocols:
        version = getattr(ssl.TLSVersion, args.tls_protocols.split(",")[0].replace(".", "_"))
        context.minimum_version = context.maximum_version = version
    return context


def check_tls(smtp, args):
    sock = smtp.sock
    print("=== TLS started: %s, %s" % (sock.version(), sock.cipher()[0]))
    if args.tls_pin:
        der = sock.getpeercert(binary_form=True)
        spki = subprocess.run(["openssl", "x509", "-inform", "DER", "-pubkey", "-noout"], input=der,
                              capture_output=True, check=True).stdout
        spki_der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "DER"], input=spki,
                                  capture_output=True, check=True).stdout
        pin = "sha256/" + base64.b64encode(hashlib.sha256(spki_der).digest()).decode()
        if pin != args.tls_pin:
            raise ssl.SSLCertVerificationError("public key pin mismatch: the server's key is %s (--tls-pin)" % pin)


def send(args):
    if args.data is not None:
        with open(args.data, "rb") as f:  # sent as is apart from CRLF line endings, like pigeon
            msg = f.read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    else:
        m = EmailMessage()
        m["From"] = args.sender
        m["To"] = ", ".join(args.to)
        if args.subject is not None:
            m["Subject"] = args.subject
        for field in args.header:
            name, value = field.split(":", 1)
            m[name.strip()] = value.strip()
        m.set_content(args.body)
        msg = m.as_bytes()
    implicit = args.tls_on_connect or (args.port == 465 and not args.no_tls)
    tls = None
    try:
        if implicit:
            smtp = smtplib.SMTP_SSL(args.server, args.port, timeout=30, context=tls_context(args))
        else:
            smtp = smtplib.SMTP(args.server, args.port, timeout=30)
        with smtp:
            smtp.ehlo()
            if implicit:
                check_tls(smtp, args)
                tls = True
            elif not args.no_tls and (smtp.has_extn("starttls") or args.tls):
                if not smtp.has_extn("starttls"):
                    sys.stderr.write("error: the server does not offer STARTTLS (--tls)\n")
                    return 69
                smtp.starttls(context=tls_context(args))
                check_tls(smtp, args)
                tls = True
                smtp.ehlo()
            if args.auth is not None:
                if not tls and not args.auth_plaintext:
                    sys.stderr.write("error: no TLS: credentials are not sent in plaintext (--auth-plaintext)\n")
                    return 69
                if not smtp.has_extn("auth"):
                    sys.stderr.write("error: the server does not offer AUTH\n")
                    return 69
                offered = smtp.esmtp_features["auth"].upper().split()
                mech = args.auth or next((m for m in STRONGEST_FIRST if m in offered), None)
                print(" ~> AUTH %s ****" % mech)
                authenticate(smtp, args.auth_user, password_of(args), mech)
            if tls:
                print(" ~> MAIL FROM:<%s>" % args.sender)
            smtp.sendmail(args.sender, args.to, msg)
    except ssl.SSLCertVerificationError as e:
        sys.stderr.write("error: certificate not accepted: %s (--tls-ca FILE, --tls-insecure)\n"
                         % (getattr(e, "verify_message", None) or e))
        return 77
    except smtplib.SMTPAuthenticationError as e:
        return 77 if e.smtp_code == 535 else 75 if e.smtp_code == 454 else 76
    except smtplib.SMTPRecipientsRefused as e:
        codes = [code for code, _ in e.recipients.values()]
        return 75 if all(400 <= c < 500 for c in codes) else 67
    except (ConnectionRefusedError, socket.timeout):
        return 69
    except smtplib.SMTPResponseException as e:
        return 75 if 400 <= e.smtp_code < 500 else 76
    return 0  # at least one recipient accepted: the message went out


def main():
    parser = Parser(prog="stand-in")
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("send")
    s.error = parser.error
    s.add_argument("--server", required=True)
    s.add_argument("--port", type=int, default=25)
    s.add_argument("--from", dest="sender", required=True)
    s.add_argument("--to", action="append", required=True)
    s.add_argument("--body", default="")
    s.add_argument("--subject")
    s.add_argument("--data")
    s.add_argument("--header", action="append", default=[])
    for flag in ["--tls", "--tls-on-connect", "--tls-optional", "--no-tls", "--tls-insecure", "--auth-plaintext"]:
        s.add_argument(flag, action="store_true")
    for flag in ["--tls-ca", "--tls-pin", "--tls-cert", "--tls-key", "--tls-sni", "--tls-protocols",
                 "--auth-user", "--auth-password-env", "--auth-password-file", "--auth-password-cmd",
                 "--auth-password"]:
        s.add_argument(flag)
    s.add_argument("--auth", nargs="?", const="")
    sub.add_parser("demo")
    args = parser.parse_args()
    if args.command == "demo":
        return 0
    return send(args)


if __name__ == "__main__":
    sys.exit(main())
