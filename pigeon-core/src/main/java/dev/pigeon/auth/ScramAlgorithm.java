package dev.pigeon.auth;

/** The hash a SCRAM variant is built on (RFC 5802 for SHA-1, RFC 7677 for SHA-256). */
public enum ScramAlgorithm {
    SHA_1("SCRAM-SHA-1", "HmacSHA1", "SHA-1"),
    SHA_256("SCRAM-SHA-256", "HmacSHA256", "SHA-256");

    private final String mechanismName;
    private final String hmac;
    private final String digest;

    ScramAlgorithm(String mechanismName, String hmac, String digest) {
        this.mechanismName = mechanismName;
        this.hmac = hmac;
        this.digest = digest;
    }

    public String mechanismName() {
        return mechanismName;
    }

    byte[] hmac(byte[] key, String data) {
        return Crypto.hmac(hmac, key, Crypto.utf8(data));
    }

    byte[] hmac(byte[] key, byte[] data) {
        return Crypto.hmac(hmac, key, data);
    }

    byte[] hash(byte[] data) {
        return Crypto.digest(digest, data);
    }

    byte[] saltedPassword(byte[] normalizedPassword, byte[] salt, int iterations) {
        return Crypto.hi(hmac, normalizedPassword, salt, iterations);
    }
}
