package dev.pigeon.protocol;

/** Placeholder: the RFC 5321 mailbox grammar is being written. */
final class MailboxParser {
    private MailboxParser() {}

    static Mailbox parse(String text) {
        String t = text.strip();
        if (t.startsWith("<") && t.endsWith(">")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.isEmpty()) {
            return Mailbox.NULL;
        }
        int at = t.lastIndexOf('@');
        if (at <= 0 || at == t.length() - 1) {
            throw new InvalidAddressException("not an address: " + text);
        }
        return new Mailbox(t.substring(0, at), t.substring(at + 1));
    }
}
