package dev.pigeon.message;

import java.util.Objects;

/**
 * A header field as the user means it: a name and its text value, before encoding and folding.
 *
 * <p>The name must be RFC 5322 ftext (printable ASCII except colon, so no space) and at most
 * {@value #MAX_NAME_LENGTH} characters. The value may hold any Unicode text and tabs, but no other
 * control character: a CR or LF would end the field and start another of the sender's choosing
 * (header injection); NUL breaks C-string parsers. Both are refused with an
 * {@link IllegalArgumentException} that names the field.
 */
public record HeaderField(String name, String value) {
    /** Longest accepted name, so that {@code Name:} always fits on a 78-character line. */
    public static final int MAX_NAME_LENGTH = 76;

    public HeaderField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        requireValidName(name);
        requireValidValue(name, value);
    }

    /** Whether this field has the given name; field names are case-insensitive. */
    public boolean hasName(String other) {
        return name.equalsIgnoreCase(other);
    }

    static void requireValidName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("header name must be 1 to " + MAX_NAME_LENGTH
                    + " characters long: \"" + printable(name) + "\"");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 33 || c > 126 || c == ':') {
                throw new IllegalArgumentException("header name \"" + printable(name)
                        + "\" holds a character not allowed in a field name (" + describe(c)
                        + " at position " + i + ")");
            }
        }
    }

    static void requireValidValue(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\t' && (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0))) {
                throw new IllegalArgumentException("value of header " + name
                        + " contains a control character (" + describe(c) + ") at position " + i);
            }
        }
        Utf8.encode("value of header " + name, value);
    }

    private static String describe(char c) {
        return switch (c) {
            case '\r' -> "CR";
            case '\n' -> "LF";
            case 0 -> "NUL";
            case ' ' -> "space";
            case ':' -> "colon";
            default -> String.format("U+%04X", (int) c);
        };
    }

    /** The name with controls made visible, for error messages. */
    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c < 0x20 || c == 0x7F ? String.format("\\x%02X", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
