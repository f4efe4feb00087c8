package dev.pigeon.auth;

import java.util.Base64;

/**
 * SASL data on the SMTP wire (RFC 4954): base64 without line breaks; an empty initial response
 * is a lone {@code =}; {@code *} from the client cancels the exchange. Decoding is strict and
 * bounded so that a hostile peer cannot make us buffer or decode megabytes.
 */
public final class SaslBase64 {
    /** The client's line that cancels an exchange (the server answers 501). */
    public static final String CANCEL = "*";

    private SaslBase64() {}

    /** The initial response on the AUTH command line: {@code =} stands for empty. */
    public static String encodeInitialResponse(byte[] response) {
        return response.length == 0 ? "=" : encode(response);
    }

    /** A response line (or, on the server, a 334 challenge text). */
    public static String encode(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }

    /**
     * Decodes a 334 text or a client line; {@code =} alone decodes to empty (the AUTH initial
     * response form).
     *
     * @throws AuthenticationException when not base64 or when it would exceed {@code maxBytes}
     */
    public static byte[] decode(String text, int maxBytes) throws AuthenticationException {
        String t = text.strip();
        if (t.equals("=")) {
            return new byte[0];
        }
        if ((long) t.length() * 3 / 4 > maxBytes) {
            throw new AuthenticationException("SASL data larger than " + maxBytes + " bytes");
        }
        try {
            return Base64.getDecoder().decode(t);
        } catch (IllegalArgumentException e) {
            throw new AuthenticationException("SASL data is not valid base64");
        }
    }
}
