package dev.pigeon.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * A public-key pin: the SHA-256 of a certificate's SubjectPublicKeyInfo, written
 * {@code sha256/BASE64} (HPKP, RFC 7469; curl's {@code --pinnedpubkey} writes {@code sha256//}, also
 * accepted). Pinning the key rather than the certificate survives renewals with the same key.
 */
public record PublicKeyPin(String base64) {
    private static final String PREFIX = "sha256/";
    /** A SHA-256 digest in base64, padding included. */
    private static final int BASE64_LENGTH = 44;

    public PublicKeyPin {
        byte[] digest;
        try {
            digest = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("public key pin is not valid base64: " + base64);
        }
        if (digest.length != 32) {
            throw new IllegalArgumentException("public key pin must be a SHA-256 digest (32 bytes), got "
                    + digest.length + " bytes");
        }
    }

    /** Parses {@code sha256/BASE64} or {@code sha256//BASE64}. */
    public static PublicKeyPin parse(String text) {
        String trimmed = text.strip();
        if (!trimmed.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new IllegalArgumentException("public key pin must look like sha256/BASE64, got: " + trimmed);
        }
        String rest = trimmed.substring(PREFIX.length());
        // curl's sha256// form: one slash more than a SHA-256's 44 base64 characters. A lone test
        // for a leading '/' would eat the first character of every digest whose base64 starts with one.
        boolean curlForm = rest.startsWith("/") && rest.length() == BASE64_LENGTH + 1;
        return new PublicKeyPin(curlForm ? rest.substring(1) : rest);
    }

    public static PublicKeyPin of(X509Certificate certificate) {
        return of(certificate.getPublicKey());
    }

    public static PublicKeyPin of(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return new PublicKeyPin(Base64.getEncoder().encodeToString(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK offers no SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return PREFIX + base64;
    }
}
