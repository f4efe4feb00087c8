#!/usr/bin/python3
"""A stand-in for `pigeon send` / `pigeon demo` built on smtplib, used by `.ci/interop/run --self-test`
to prove the harness's own checks against the real servers. Same options and exit codes as pigeon:
0 ok, 64 usage, 67 all recipients refused, 69 unavailable, 75 temporary, 76 protocol error."""
import argparse
import smtplib
import socket
import sys
from email.message import EmailMessage


class Parser(argparse.ArgumentParser):
    def error(self, message):
        sys.stderr.write("usage error: %s\n" % message)
        sys.exit(64)


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
        m.set_content(args.body)
        msg = m.as_bytes()
    try:
        with smtplib.SMTP(args.server, args.port, timeout=30) as smtp:
            smtp.sendmail(args.sender, args.to, msg)
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
    sub.add_parser("demo")
    args = parser.parse_args()
    if args.command == "demo":
        return 0
    return send(args)


if __name__ == "__main__":
    sys.exit(main())
