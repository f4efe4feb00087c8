package dev.pigeon.protocol;

/**
 * Guards for text that goes onto the wire inside a command line.
 *
 * <p>A CR or LF in an argument would end the command early and let the rest run as a second,
 * attacker-chosen command; NUL and other controls confuse servers that parse C strings. All of
 * them are refused before a byte is written.
 */
public final class WireText {
    private WireText() {}

    /** Returns {@code value} if it holds no control character (C0, DEL, C1); otherwise throws. */
    public static String requireNoControls(String what, String value) {
        int bad = firstControl(value);
        if (bad >= 0) {
            throw new IllegalArgumentException(what + " contains a control character ("
                    + describe(value.charAt(bad)) + ") at position " + bad);
        }
        return value;
    }

    /** Index of the first control character in {@code value}, or -1. */
    public static int firstControl(CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            if (isControl(value.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    public static boolean isControl(char c) {
        return c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0);
    }

    static String describe(char c) {
        return switch (c) {
            case '\r' -> "CR";
            case '\n' -> "LF";
            case 0 -> "NUL";
            case '\t' -> "TAB";
            default -> String.format("\\x%02X", (int) c);
        };
    }
}
