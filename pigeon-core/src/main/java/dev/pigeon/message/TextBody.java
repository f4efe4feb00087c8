package dev.pigeon.message;

import java.nio.charset.StandardCharsets;

/**
 * A text/plain body in UTF-8, ready for the wire.
 *
 * <p>The text's line breaks (CRLF, LF or a lone CR) all become CRLF, and a body that does not end
 * with a line break gets one: a message body is a sequence of lines. The transfer encoding is
 * {@code 7bit} when the result is ASCII without NUL and every line is at most 998 octets, and
 * {@code quoted-printable} otherwise.
 *
 * @param text the body text as a reader sees it after decoding: normalised to CRLF line breaks
 * @param transferEncoding how {@link #encoded} represents it
 * @param encoded the body as it goes on the wire (ASCII, CRLF line breaks)
 */
record TextBody(String text, TransferEncoding transferEncoding, byte[] encoded) {

    /** The Content-Transfer-Encoding values the composer writes. */
    enum TransferEncoding {
        SEVEN_BIT("7bit"),
        QUOTED_PRINTABLE("quoted-printable");

        private final String token;

        TransferEncoding(String token) {
            this.token = token;
        }

        String token() {
            return token;
        }
    }

    static TextBody of(String text) {
        String normalised = withCrlfLines(text);
        byte[] utf8 = Utf8.encode("body text", normalised);
        if (isSevenBit(utf8)) {
            return new TextBody(normalised, TransferEncoding.SEVEN_BIT, utf8);
        }
        byte[] qp = QuotedPrintable.encode(utf8).getBytes(StandardCharsets.US_ASCII);
        return new TextBody(normalised, TransferEncoding.QUOTED_PRINTABLE, qp);
    }

    /** Every line break as CRLF, and a final CRLF unless the text is empty. */
    static String withCrlfLines(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                out.append("\r\n");
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else {
                out.append(c);
            }
        }
        if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
            out.append("\r\n");
        }
        return out.toString();
    }

    /** RFC 2045 2.7: no octet above 127, no NUL, lines of at most 998 octets. */
    private static boolean isSevenBit(byte[] crlfText) {
        int lineLength = 0;
        for (byte b : crlfText) {
            if (b <= 0) {
                return false;
            }
            if (b == '\r' || b == '\n') {
                lineLength = 0;
            } else if (++lineLength > Folding.MAX_LINE) {
                return false;
            }
        }
        return true;
    }
}
