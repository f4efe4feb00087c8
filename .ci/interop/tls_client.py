#!/usr/bin/python3
"""Independent TLS/AUTH clients (Python's smtplib and imaplib) for the interoperability suite.

  tls_client.py send PORT --ca FILE [--implicit] [--user U --password-env VAR [--mech M]]
                [--message-id ID] [--to ADDR]
      STARTTLS (or implicit TLS) with the certificate verified against FILE, then AUTH when
      --user is given (--mech: CRAM-MD5, PLAIN, LOGIN or SCRAM-SHA-256; default: smtplib's
      choice), then one small message. Prints the SMTP error and exits 1 if anything fails.
      --expect CODE: instead, succeed only if the server refuses with this reply code.
  tls_client.py features PORT [--starttls-ca FILE]
      EHLO (after STARTTLS, verified against FILE, if given); prints the extensions the server
      offers, one a line.
  tls_client.py imap-find PORT USER PASSWORD_ENV MESSAGE_ID
      IMAP LOGIN, SELECT INBOX, SEARCH HEADER Message-ID; exit 0 if the message is there.
"""
import argparse
import base64
import hashlib
import hmac
import imaplib
import os
import smtplib
import ssl
import sys
from email.message import EmailMessage


def scram_auth(smtp, user, password, hash_name="sha256"):
    """SCRAM-SHA-1/-256 (RFC 5802/7677) over smtplib, checking the server's signature."""
    mech = "SCRAM-SHA-256" if hash_name == "sha256" else "SCRAM-SHA-1"
    nonce = base64.b64encode(os.urandom(18)).decode()
    first_bare = "n=%s,r=%s" % (user.replace("=", "=3D").replace(",", "=2C"), nonce)
    code, resp = smtp.docmd("AUTH", mech + " " + base64.b64encode(("n,," + first_bare).encode()).decode())
    if code != 334:
        raise smtplib.SMTPAuthenticationError(code, resp)
    server_first = base64.b64decode(resp).decode()
    fields = dict(item.split("=", 1) for item in server_first.split(","))
    if not fields["r"].startswith(nonce):
        raise smtplib.SMTPAuthenticationError(0, b"server nonce does not extend ours")
    salted = hashlib.pbkdf2_hmac(hash_name, password.encode(), base64.b64decode(fields["s"]), int(fields["i"]))
    client_key = hmac.new(salted, b"Client Key", hash_name).digest()
    stored_key = hashlib.new(hash_name, client_key).digest()
    final_bare = "c=biws,r=" + fields["r"]
    auth_message = ",".join([first_bare, server_first, final_bare]).encode()
    signature = hmac.new(stored_key, auth_message, hash_name).digest()
    proof = bytes(a ^ b for a, b in zip(client_key, signature))
    final = final_bare + ",p=" + base64.b64encode(proof).decode()
    code, resp = smtp.docmd(base64.b64encode(final.encode()).decode())
    if code == 334:  # the server's signature comes as a last challenge; answer with an empty line
        verifier = base64.b64decode(resp).decode()
        code, resp = smtp.docmd("")
    elif code == 235:
        verifier = base64.b64decode(resp).decode() if resp and resp[:2] == b"dj" else ""
    else:
        raise smtplib.SMTPAuthenticationError(code, resp)
    server_key = hmac.new(salted, b"Server Key", hash_name).digest()
    expected = "v=" + base64.b64encode(hmac.new(server_key, auth_message, hash_name).digest()).decode()
    if verifier and verifier != expected:
        raise smtplib.SMTPAuthenticationError(0, b"wrong server signature")
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, resp)
    smtp.auth_mech_used = mech


def authenticate(smtp, user, password, mech=None):
    if mech and mech.upper().startswith("SCRAM-"):
        return scram_auth(smtp, user, password, "sha256" if mech.upper() == "SCRAM-SHA-256" else "sha1")
    if mech:
        smtp.user, smtp.password = user, password
        method = {"CRAM-MD5": smtp.auth_cram_md5, "PLAIN": smtp.auth_plain, "LOGIN": smtp.auth_login}[mech.upper()]
        return smtp.auth(mech.upper(), method)
    return smtp.login(user, password)


def message(sender, to, message_id):
    m = EmailMessage()
    m["From"], m["To"], m["Subject"], m["Message-ID"] = sender, to, "interop TLS", message_id
    m.set_content("hi")
    return m


def send(args):
    context = ssl.create_default_context(cafile=args.ca)
    password = os.environ.get(args.password_env, "") if args.password_env else ""
    try:
        if args.implicit:
            smtp = smtplib.SMTP_SSL("127.0.0.1", args.port, timeout=30, context=context)
        else:
            smtp = smtplib.SMTP("127.0.0.1", args.port, timeout=30)
            smtp.starttls(context=context)
        with smtp:
            smtp.ehlo()
            if args.user:
                authenticate(smtp, args.user, password, args.mech)
            smtp.send_message(message("a@x.test", args.to, args.message_id), "a@x.test", [args.to])
    except smtplib.SMTPResponseException as e:
        if args.expect and e.smtp_code == args.expect:
            return 0
        print("refused: %d %s" % (e.smtp_code, e.smtp_error.decode(errors="replace")))
        return 1
    except smtplib.SMTPRecipientsRefused as e:
        codes = [code for code, _ in e.recipients.values()]
        if args.expect and args.expect in codes:
            return 0
        print("recipients refused: %r" % e.recipients)
        return 1
    except (OSError, smtplib.SMTPException) as e:
        print("failed: %s: %s" % (type(e).__name__, e))
        return 1
    if args.expect:
        print("accepted, but expected a %d" % args.expect)
        return 1
    return 0


def features(args):
    with smtplib.SMTP("127.0.0.1", args.port, timeout=30) as smtp:
        smtp.ehlo()
        if args.starttls_ca:
            smtp.starttls(context=ssl.create_default_context(cafile=args.starttls_ca))
            smtp.ehlo()
        for name, value in smtp.esmtp_features.items():
            print(("%s %s" % (name.upper(), value)).strip())
    return 0


def imap_find(args):
    with imaplib.IMAP4("127.0.0.1", args.port) as imap:
        imap.login(args.user, os.environ[args.password_env])
        imap.select("INBOX")
        typ, data = imap.search(None, "HEADER", "Message-ID", args.message_id)
        found = typ == "OK" and data and data[0].split()
        if not found:
            print("IMAP SEARCH found no message with Message-ID %s" % args.message_id)
        return 0 if found else 1


def main():
    parser = argparse.ArgumentParser(prog="tls_client.py")
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("send")
    s.add_argument("port", type=int)
    s.add_argument("--ca", required=True)
    s.add_argument("--implicit", action="store_true")
    s.add_argument("--user")
    s.add_argument("--password-env")
    s.add_argument("--mech")
    s.add_argument("--to", default="b@y.test")
    s.add_argument("--message-id", default="<tls-client@interop.test>")
    s.add_argument("--expect", type=int)
    f = sub.add_parser("features")
    f.add_argument("port", type=int)
    f.add_argument("--starttls-ca")
    i = sub.add_parser("imap-find")
    i.add_argument("port", type=int)
    i.add_argument("user")
    i.add_argument("password_env")
    i.add_argument("message_id")
    args = parser.parse_args()
    return {"send": send, "features": features, "imap-find": imap_find}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
