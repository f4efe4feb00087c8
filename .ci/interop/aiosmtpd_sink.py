#!/usr/bin/python3
"""A receiving SMTP peer for the interoperability suite, built on aiosmtpd (Debian's python3-aiosmtpd).

Listens on 127.0.0.1 on a free port and writes that port to --port-file once it is listening.
Each accepted message is saved to --dir as NNNN.eml: envelope lines (X-Envelope-From,
X-Envelope-To, one per recipient) followed by the message content exactly as received.

Recipients steer the replies, so tests need no configuration:
  local part starting "reject"   -> 550 5.1.1 at RCPT
  local part starting "tempfail" -> 451 4.3.0 at RCPT
"""
import argparse
import asyncio
import itertools
import os
import signal

from aiosmtpd.smtp import SMTP


class SavingHandler:
    def __init__(self, directory):
        self.directory = directory
        self.counter = itertools.count(1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("reject"):
            return "550 5.1.1 <%s>: recipient refused (interop test)" % address
        if local.startswith("tempfail"):
            return "451 4.3.0 <%s>: try again later (interop test)" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        name = "%04d.eml" % next(self.counter)
        head = "X-Envelope-From: %s\r\n" % envelope.mail_from
        head += "".join("X-Envelope-To: %s\r\n" % r for r in envelope.rcpt_tos)
        tmp = os.path.join(self.directory, "." + name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(head.encode("utf-8"))
            f.write(envelope.original_content or envelope.content)
        os.rename(tmp, os.path.join(self.directory, name))  # readers never see half a file
        return "250 2.0.0 OK saved as %s" % name


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port-file", required=True)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    handler = SavingHandler(args.dir)
    server = loop.run_until_complete(loop.create_server(
        lambda: SMTP(handler, hostname="aiosmtpd.interop.test", decode_data=False),
        host="127.0.0.1", port=0))
    port = server.sockets[0].getsockname()[1]
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
    os.rename(tmp, args.port_file)
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    loop.add_signal_handler(signal.SIGINT, loop.stop)
    try:
        loop.run_forever()
    finally:
        server.close()


if __name__ == "__main__":
    main()
