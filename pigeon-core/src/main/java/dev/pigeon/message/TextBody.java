package dev.pigeon.message;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A text body (plain or HTML) in a charset, ready for the wire.
 *
 * <p>The text's line breaks (CRLF, LF or a lone CR) all become CRLF, and a body that does not end
 * with a line break gets one: a message body is a sequence of lines. The text is encoded strictly
 * (see {@link TextCharsets}). The transfer encoding is {@code 7bit} when the bytes are ASCII without
 * NUL and every line is at most 998 octets; {@code 8bit} when the transport allows 8-bit data and
 * only octets above 127 stand in the way; {@code quoted-printable} otherwise. A line longer than
 * 998 octets is therefore always encoded, never sent as is.
 *
 * @param text the body text as a reader sees it after decoding: normalised to CRLF line breaks
 * @param charset the charset of the decoded bytes
 * @param transferEncoding how {@link #encoded} represents it
 * @param encoded the body as it goes on the wire (CRLF line breaks; ASCII unless {@code 8bit})
 */
record TextBody(String text, Charset charset, TransferEncoding transferEncoding, byte[] encoded) {

    /** The Content-Transfer-Encoding values the composer writes. */
    enum TransferEncoding {
        SEVEN_BIT("7bit"),
        EIGHT_BIT("8bit"),
        QUOTED_PRINTABLE("quoted-printable"),
        BASE64("base64");

        private final String token;

        TransferEncoding(String token) {
            this.token = token;
        }

        String token() {
            return token;
        }
    }

    /** UTF-8, 7-bit-safe. */
    static TextBody of(String text) {
        return of("body text", text, StandardCharsets.UTF_8, false);
    }

    /**
     * @param what names the text in error messages ("body text", "HTML body")
     * @throws IllegalArgumentException if a character cannot be written in the charset, or its
     *     bytes would hold a CR, LF or NUL the text does not
     */
    static TextBody of(String what, String text, Charset charset, boolean allow8bit) {
        String normalised = withCrlfLines(text);
        byte[] bytes = TextCharsets.encode(what, normalised, charset);
        TransferEncoding encoding = chooseEncoding(bytes, allow8bit);
        byte[] encoded = encoding == TransferEncoding.QUOTED_PRINTABLE
                ? QuotedPrintable.encode(bytes).getBytes(StandardCharsets.US_ASCII) : bytes;
        return new TextBody(normalised, charset, encoding, encoded);
    }

    /** The Content-Type value: {@code text/SUBTYPE; charset=NAME}. */
    String contentType(String subtype) {
        return "text/" + subtype + "; charset=" + charset.name();
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

    /** RFC 2045 2.7 and 2.8: 7bit and 8bit data have no NUL and lines of at most 998 octets. */
    private static TransferEncoding chooseEncoding(byte[] crlfText, boolean allow8bit) {
        boolean eightBit = false;
        int lineLength = 0;
        for (byte b : crlfText) {
            if (b == 0) {
                return TransferEncoding.QUOTED_PRINTABLE;
            }
            eightBit |= b < 0;
            if (b == '\r' || b == '\n') {
                lineLength = 0;
            } else if (++lineLength > Folding.MAX_LINE) {
                return TransferEncoding.QUOTED_PRINTABLE;
            }
        }
        if (!eightBit) {
            return TransferEncoding.SEVEN_BIT;
        }
        return allow8bit ? TransferEncoding.EIGHT_BIT : TransferEncoding.QUOTED_PRINTABLE;
    }
}
