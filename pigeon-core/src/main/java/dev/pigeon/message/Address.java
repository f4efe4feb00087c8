package dev.pigeon.message;

import dev.pigeon.protocol.InvalidAddressException;
import dev.pigeon.protocol.Mailbox;
import dev.pigeon.protocol.WireText;
import java.util.Objects;

/**
 * An RFC 5322 mailbox as it appears in From, To and Cc: an address with an optional display name,
 * {@code Ann Example <ann@example.org>}. The display name is plain text (any Unicode); quoting
 * and RFC 2047 encoding happen when the message is composed.
 *
 * @param displayName the name shown to people, or {@code ""} for none; no control characters
 * @param mailbox the address; never the null path {@code <>}
 */
public record Address(String displayName, Mailbox mailbox) {

    public Address {
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(mailbox, "mailbox");
        WireText.requireNoControls("display name", displayName);
        if (mailbox.isNull()) {
            throw new IllegalArgumentException("the null path <> cannot appear in a message header");
        }
        if (!isAscii(mailbox.address())) {
            // Would need RFC 6532 (UTF-8 headers, SMTPUTF8), which the composer does not write yet.
            throw new IllegalArgumentException("non-ASCII address not supported in headers yet: " + mailbox);
        }
    }

    /** An address without a display name. */
    public static Address of(Mailbox mailbox) {
        return new Address("", mailbox);
    }

    /** An address with a display name ({@code ""} for none). */
    public static Address of(String displayName, Mailbox mailbox) {
        return new Address(displayName, mailbox);
    }

    /**
     * Parses {@code ann@example.org}, {@code <ann@example.org>}, {@code Ann <ann@example.org>} or
     * {@code "Example, Ann" <ann@example.org>} (a quoted name may escape {@code "} and {@code \}
     * with a backslash). Surrounding white space is ignored; a control character anywhere else is
     * refused. Group syntax and comments are not accepted.
     *
     * @throws InvalidAddressException if the text is not such an address
     */
    public static Address parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        if (WireText.firstControl(t) >= 0) {
            throw new InvalidAddressException("control character in address ("
                    + "position " + WireText.firstControl(t) + "): it may not appear in a header");
        }
        int open = t.lastIndexOf('<');
        if (!t.endsWith(">") || open <= 0) {
            return of(Mailbox.parse(t));
        }
        String name = t.substring(0, open).strip();
        return new Address(unquote(name), Mailbox.parse(t.substring(open)));
    }

    /** Whether a display name is present. */
    public boolean hasDisplayName() {
        return !displayName.isEmpty();
    }

    private static String unquote(String name) {
        if (name.length() < 2 || !name.startsWith("\"") || !name.endsWith("\"")) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 1; i < name.length() - 1; i++) {
            char c = name.charAt(i);
            if (c == '\\' && i + 1 < name.length() - 1) {
                c = name.charAt(++i);
            } else if (c == '"' || c == '\\') {
                throw new InvalidAddressException("unescaped " + c + " inside a quoted display name: " + name);
            }
            out.append(c);
        }
        return out.toString();
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** The address as a person would type it; not the encoded header form. */
    @Override
    public String toString() {
        return hasDisplayName() ? displayName + " <" + mailbox.address() + ">" : mailbox.address();
    }
}
