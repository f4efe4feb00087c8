#!/usr/bin/python3
"""Helpers for the ESMTP-extension interoperability cases (cases_ext.sh).

  ext_tool.py ehlo PORT [--lmtp] [--unix PATH] [--implicit-ca FILE] [--starttls-ca FILE]
      Greeting, then EHLO (LHLO with --lmtp) on 127.0.0.1:PORT (or the unix socket PATH);
      prints the extension lines of the reply exactly as received, one a line. --implicit-ca:
      TLS first (RFC 8314), verified against FILE. --starttls-ca: after the plain EHLO,
      STARTTLS (verified against FILE) and EHLO again; the lines after TLS are prefixed "tls: ".
  ext_tool.py record PORT_FILE TARGET_PORT LOG
      A recording relay: listens on a free port of 127.0.0.1 (written to PORT_FILE), takes one
      connection, relays it to 127.0.0.1:TARGET_PORT and appends every chunk read to LOG as
      "C <hex>" (from the client) or "S <hex>" (from the server), in the order they passed.
      It reads everything a side has sent before it forwards, so a client that sends its
      commands ahead (PIPELINING) shows them in one flight before the server's replies.
  ext_tool.py flights LOG
      Prints each run of client chunks between two server chunks as one line: the commands in
      it (first words of each command line) joined by " | ", or "(N bytes of content)".
  ext_tool.py sent LOG
      Prints everything the client sent (the "C" chunks), as raw bytes.
  ext_tool.py make-8bit FILE MESSAGE_ID
      Writes a message (LF line endings) whose body holds every byte 0x80-0xFF, control bytes,
      lines that end data ("." alone, as in CRLF.CRLF), dot-stuffing look-alikes and SMTP
      commands, repeated so that they straddle small BDAT chunks.
"""
import os
import select
import socket
import ssl
import sys
import time

COMMANDS = ("EHLO", "HELO", "LHLO", "MAIL", "RCPT", "DATA", "BDAT", "QUIT", "RSET", "STARTTLS", "AUTH", "NOOP")


def read_reply(stream):
    lines = []
    while True:
        line = stream.readline()
        if not line:
            raise OSError("connection closed while reading a reply")
        lines.append(line.rstrip(b"\r\n").decode("utf-8", "replace"))
        if len(line) < 4 or line[3:4] != b"-":
            return lines


def ehlo(argv):
    port, lmtp, unix, implicit_ca, starttls_ca = None, False, None, None, None
    args = iter(argv)
    for a in args:
        if a == "--lmtp":
            lmtp = True
        elif a == "--unix":
            unix = next(args)
        elif a == "--implicit-ca":
            implicit_ca = next(args)
        elif a == "--starttls-ca":
            starttls_ca = next(args)
        else:
            port = int(a)
    if unix:
        sock = socket.socket(socket.AF_UNIX)
        sock.settimeout(15)
        sock.connect(unix)
    else:
        sock = socket.create_connection(("127.0.0.1", port), timeout=15)
    if implicit_ca:
        sock = ssl.create_default_context(cafile=implicit_ca).wrap_socket(sock, server_hostname="localhost")
    verb = b"LHLO" if lmtp else b"EHLO"

    def hello(s, prefix):
        f = s.makefile("rb")
        s.sendall(verb + b" probe.interop.test\r\n")
        reply = read_reply(f)
        if not reply[0].startswith("250"):
            raise OSError("%s refused: %s" % (verb.decode(), reply[0]))
        for line in reply[1:]:
            print(prefix + line[4:])
        return f

    read_reply(sock.makefile("rb"))
    f = hello(sock, "")
    if starttls_ca:
        sock.sendall(b"STARTTLS\r\n")
        if not read_reply(f)[0].startswith("220"):
            raise OSError("STARTTLS refused")
        sock = ssl.create_default_context(cafile=starttls_ca).wrap_socket(sock, server_hostname="localhost")
        f = hello(sock, "tls: ")
    sock.sendall(b"QUIT\r\n")
    sock.close()
    return 0


def record(port_file, target_port, log_path):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(60)
    with open(port_file + ".tmp", "w") as f:
        f.write("%d\n" % listener.getsockname()[1])
    os.rename(port_file + ".tmp", port_file)
    client, _ = listener.accept()
    listener.close()
    server = socket.create_connection(("127.0.0.1", int(target_port)), timeout=15)
    peer = {client: (server, "C"), server: (client, "S")}
    open_sides = {client, server}
    deadline = time.monotonic() + 120
    with open(log_path, "a") as log:
        while open_sides and time.monotonic() < deadline:
            ready, _, _ = select.select(list(open_sides), [], [], 1)
            for s in ready:
                data = s.recv(65536)
                other, tag = peer[s]
                if not data:
                    open_sides.discard(s)
                    try:
                        other.shutdown(socket.SHUT_WR)
                    except OSError:
                        pass
                    continue
                log.write("%s %s\n" % (tag, data.hex()))
                log.flush()
                other.sendall(data)
    client.close()
    server.close()
    return 0


def flights(log_path):
    chunks = []
    with open(log_path) as f:
        for line in f:
            tag, data = line.split()
            chunks.append((tag, bytes.fromhex(data)))
    flight = b""
    for tag, data in chunks + [("S", b"")]:
        if tag == "C":
            flight += data
            continue
        if flight:
            words = []
            for line in flight.split(b"\r\n"):
                head = line.split(b" ")[0].upper().decode("ascii", "replace")
                if head in COMMANDS:
                    words.append(" ".join(line.decode("utf-8", "replace").split(" ")[:2]))
            print(" | ".join(words) if words else "(%d bytes of content)" % len(flight))
        flight = b""
    return 0


def sent(log_path):
    with open(log_path) as f:
        for line in f:
            tag, data = line.split()
            if tag == "C":
                sys.stdout.buffer.write(bytes.fromhex(data))
    return 0


def make_8bit(path, message_id):
    head = [
        "Date: Sat, 28 Nov 2026 12:00:00 +0000",
        "Message-ID: " + message_id,
        "From: a@x.test",
        "To: b@y.test",
        "Subject: interop: 8-bit bytes and end-of-data look-alikes",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=iso-8859-1",
        "Content-Transfer-Encoding: 8bit",
        "",
    ]
    body = []
    high = bytes(range(0x80, 0x100))
    controls = bytes([b for b in range(1, 0x20) if b not in (0x0A, 0x0D)]) + b"\x7f"
    for i in range(12):
        body += [
            b"round %d" % i,
            b".",
            b"..",
            b". ",
            b".\t.",
            high[:64],
            high[64:],
            controls,
            b"DATA",
            b"BDAT 10 LAST",
            b".",
            b"MAIL FROM:<smuggled@x.test>",
            b"QUIT",
            b"x" * (37 + i),
        ]
    body.append(b"last line")
    with open(path, "wb") as f:
        f.write("\n".join(head).encode("ascii") + b"\n" + b"\n".join(body) + b"\n")
    return 0


def main(argv):
    if len(argv) >= 2 and argv[0] == "ehlo":
        return ehlo(argv[1:])
    if len(argv) == 4 and argv[0] == "record":
        return record(*argv[1:])
    if len(argv) == 2 and argv[0] == "flights":
        return flights(argv[1])
    if len(argv) == 2 and argv[0] == "sent":
        return sent(argv[1])
    if len(argv) == 3 and argv[0] == "make-8bit":
        return make_8bit(argv[1], argv[2])
    print(__doc__)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except (OSError, ssl.SSLError) as e:
        print("ext_tool: %s" % e, file=sys.stderr)
        sys.exit(1)
