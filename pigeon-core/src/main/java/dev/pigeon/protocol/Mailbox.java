package dev.pigeon.protocol;

/**
 * An RFC 5321 mailbox ({@code local-part@domain}) or the null reverse-path {@code <>}.
 *
 * <p>Parsing is implemented by {@link MailboxParser}; see there for the grammar and limits.
 */
public record Mailbox(String localPart, String domain) {
    /** The null reverse-path, {@code <>}, used for bounces. */
    public static final Mailbox NULL = new Mailbox("", "");

    /**
     * Checks the parts against the full grammar, not only for controls: a record built directly
     * must not carry "a> SIZE=1" or a space into MAIL FROM. Throws {@link InvalidAddressException}.
     */
    public Mailbox {
        MailboxParser.validate(localPart, domain);
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
