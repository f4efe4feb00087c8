package dev.pigeon.protocol;

/**
 * An RFC 5321 mailbox ({@code local-part@domain}) or the null reverse-path {@code <>}.
 *
 * <p>Parsing is implemented by {@link MailboxParser}; see there for the grammar and limits.
 */
public record Mailbox(String localPart, String domain) {
    /** The null reverse-path, {@code <>}, used for bounces. */
    public static final Mailbox NULL = new Mailbox("", "");

    public Mailbox {
        WireText.requireNoControls("local part", localPart);
        WireText.requireNoControls("domain", domain);
        if (localPart.isEmpty() != domain.isEmpty()) {
            throw new IllegalArgumentException("a mailbox needs both a local part and a domain");
        }
    }

    /** Parses {@code a@b}, {@code <a@b>} or {@code <>}; throws {@link InvalidAddressException}. */
    public static Mailbox parse(String text) {
        return MailboxParser.parse(text);
    }

    public boolean isNull() {
        return localPart.isEmpty();
    }

    /** The address as written on the wire, without angle brackets; empty for the null path. */
    public String address() {
        return isNull() ? "" : localPart + "@" + domain;
    }

    /** The address in angle brackets, as MAIL FROM and RCPT TO carry it. */
    public String toPath() {
        return "<" + address() + ">";
    }

    @Override
    public String toString() {
        return isNull() ? "<>" : address();
    }
}
