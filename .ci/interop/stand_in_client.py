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
    msg = EmailMessage()
    msg["From"] = args.sender
    msg["To"] = ", ".join(args.to)
    if args.subject is not None:
        msg["Subject"] = args.subject
    msg.set_content(args.body)
    try:
        with smtplib.SMTP(args.server, args.port, timeout=30) as smtp:
            smtp.send_message(msg, from_addr=args.sender, to_addrs=args.to)
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
    sub.add_parser("demo")
    args = parser.parse_args()
    if args.command == "demo":
        return 0
    return send(args)


if __name__ == "__main__":
    sys.exit(main())
