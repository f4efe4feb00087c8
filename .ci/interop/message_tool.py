#!/usr/bin/python3
"""Test messages for the interoperability suite.

  message_tool.py make FILE
      writes a ~1.5 MB message with LF line endings: full headers (so no MTA adds any),
      lines that need dot-stuffing (".", ".x", ".."), a 998-character line, tabs and
      trailing spaces.
  message_tool.py compare --crlf-exact STORED ORIGINAL
      STORED, less its leading "X-Envelope-" lines, must be ORIGINAL with CRLF line endings,
      byte for byte (what aiosmtpd_sink.py saves).
  message_tool.py compare --from-first-line STORED ORIGINAL
      STORED, from the line equal to ORIGINAL's first line on, must equal ORIGINAL once both
      use LF line endings (a Maildir file: the receiver prepends trace fields).
  message_tool.py send-smtplib PORT FROM TO FILE
      sends FILE with Python's smtplib to 127.0.0.1:PORT (a client independent of pigeon).
Exits 0 when the check holds; otherwise prints where the texts first differ and exits 1.
"""
import smtplib
import sys


def make(path):
    lines = [
        "Date: Sat, 28 Nov 2026 12:00:00 +0000",
        "Message-ID: <interop-large@x.test>",
        "From: a@x.test",
        "To: b@y.test",
        "Subject: interop: dot-stuffing and a large body",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=us-ascii",
        "",
        "hi",
        ".",
        ".leading dot",
        "..two leading dots",
        "a line with trailing spaces   ",
        "\ttab-indented line",
        "x" * 998,
        "",
    ]
    for i in range(20000):
        prefix = "." if i % 97 == 0 else ""
        lines.append("%sline %05d %s" % (prefix, i, "abcdefghij" * 6))
    lines.append(".")
    lines.append("last line")
    with open(path, "w", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def first_difference(a, b):
    n = min(len(a), len(b))
    for i in range(n):
        if a[i] != b[i]:
            return i
    return n


def report(stored, expected, what):
    i = first_difference(stored, expected)
    print("%s: differs at byte %d (stored %d bytes, expected %d): stored %r, expected %r" % (
        what, i, len(stored), len(expected), stored[max(0, i - 20):i + 20], expected[max(0, i - 20):i + 20]))
    return 1


def compare(mode, stored_path, original_path):
    stored = open(stored_path, "rb").read()
    original = open(original_path, "rb").read()
    if mode == "--crlf-exact":
        while stored.startswith(b"X-Envelope-"):
            stored = stored[stored.index(b"\r\n") + 2:]
        expected = original.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        return 0 if stored == expected else report(stored, expected, "byte-exact CRLF comparison")
    if mode == "--from-first-line":
        stored = stored.replace(b"\r\n", b"\n")
        expected = original.replace(b"\r\n", b"\n")
        first = expected.split(b"\n", 1)[0] + b"\n"
        at = stored.find(b"\n" + first)
        if not stored.startswith(first) and at < 0:
            print("the original's first line %r is not in the stored message" % first)
            return 1
        stored = stored if stored.startswith(first) else stored[at + 1:]
        return 0 if stored == expected else report(stored, expected, "LF comparison")
    print("unknown mode " + mode)
    return 2


def send_smtplib(port, sender, recipient, path):
    data = open(path, "rb").read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    with smtplib.SMTP("127.0.0.1", int(port), timeout=60) as smtp:
        smtp.sendmail(sender, [recipient], data)
    return 0


def main(argv):
    if len(argv) >= 2 and argv[0] == "make":
        make(argv[1])
        return 0
    if len(argv) == 4 and argv[0] == "compare":
        return compare(argv[1], argv[2], argv[3])
    if len(argv) == 5 and argv[0] == "send-smtplib":
        return send_smtplib(*argv[1:])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
