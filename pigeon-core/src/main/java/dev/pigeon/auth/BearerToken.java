package dev.pigeon.auth;

/** Checks a bearer token before it goes into a ^A-separated SASL message. */
final class BearerToken {
    private BearerToken() {}

    /** The token as bytes; refuses controls and spaces, which would break the framing. */
    static byte[] utf8(Credentials credentials) {
        byte[] token = credentials.secretUtf8();
        for (byte b : token) {
            if ((b & 0xFF) <= 0x20 || b == 0x7F) {
                Crypto.wipe(token);
                throw new IllegalArgumentException("the bearer token holds a space or control character");
            }
        }
        return token;
    }
}
