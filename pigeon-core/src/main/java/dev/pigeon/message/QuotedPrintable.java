package dev.pigeon.message;

/**
 * The quoted-printable encoding of RFC 2045 section 6.7 for text: hard line breaks stay CRLF,
 * encoded lines are at most {@value #MAX_LINE} characters (soft breaks {@code =CRLF} included).
 *
 * <p>Encoded: {@code =}, every byte outside printable ASCII, a space or tab that ends a line,
 * a {@code .} that starts an encoded line and the {@code F} of a line starting {@code From }.
 * The last two are not required (dot-stuffing and mbox quoting happen elsewhere) but keep the
 * message intact through relays that mangle such lines.
 */
final class QuotedPrintable {
    static final int MAX_LINE = 76;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final byte[] FROM_SPACE = {'F', 'r', 'o', 'm', ' '};

    private QuotedPrintable() {}

    /** Encodes text whose lines are separated by CRLF; the CRLFs are kept as hard breaks. */
    static String encode(byte[] text) {
        StringBuilder out = new StringBuilder(text.length * 3 / 2 + 16);
        int lineStart = 0;
        for (int i = 0; i <= text.length; i++) {
            if (i == text.length || (text[i] == '\r' && i + 1 < text.length && text[i + 1] == '\n')) {
                encodeLine(text, lineStart, i, out);
                if (i < text.length) {
                    out.append("\r\n");
                }
                lineStart = i + 2;
                i++;
            }
        }
        return out.toString();
    }

    /** One hard line, bytes [from, to), without its CRLF; soft-broken to fit. */
    private static void encodeLine(byte[] text, int from, int to, StringBuilder out) {
        int column = 0;
        for (int i = from; i < to; i++) {
            boolean last = i == to - 1;
            String token = token(text, i, last, column == 0);
            // The last token may reach column 76; any other must leave room for the soft break's '='.
            int room = last ? MAX_LINE : MAX_LINE - 1;
            if (column + token.length() > room) {
                out.append("=\r\n");
                column = 0;
                token = token(text, i, last, true);
            }
            out.append(token);
            column += token.length();
        }
    }

    private static String token(byte[] text, int i, boolean endOfLine, boolean startOfLine) {
        int b = text[i] & 0xFF;
        boolean literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !endOfLine);
        if (startOfLine && (b == '.' || (b == 'F' && startsWith(text, i, FROM_SPACE)))) {
            literal = false;
        }
        return literal ? String.valueOf((char) b) : "=" + HEX[b >> 4] + HEX[b & 0xF];
    }

    private static boolean startsWith(byte[] text, int at, byte[] prefix) {
        if (at + prefix.length > text.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (text[at + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }
}
