package dev.pigeon.auth;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a SCRAM server stores for one user (RFC 5802 section 3): salt, iteration count,
 * StoredKey and ServerKey. Enough to verify a client and to prove the server's identity, but not
 * to log in as the user elsewhere. {@code toString()} hides the keys.
 */
public final class ScramKeys {
    /** RFC 7677 asks for at least 4096 iterations. */
    public static final int DEFAULT_ITERATIONS = 4096;

    private final ScramAlgorithm algorithm;
    private final byte[] salt;
    private final int iterations;
    private final byte[] storedKey;
    private final byte[] serverKey;

    private ScramKeys(ScramAlgorithm algorithm, byte[] salt, int iterations, byte[] storedKey,
            byte[] serverKey) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        if (salt.length == 0) {
            throw new IllegalArgumentException("empty salt");
        }
        if (iterations < 1 || iterations > Scram.MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations out of range: " + iterations);
        }
        this.salt = salt.clone();
        this.iterations = iterations;
        this.storedKey = storedKey.clone();
        this.serverKey = serverKey.clone();
    }

    /** Keys already derived elsewhere (e.g. read from a password file). */
    public static ScramKeys of(ScramAlgorithm algorithm, byte[] salt, int iterations,
            byte[] storedKey, byte[] serverKey) {
        return new ScramKeys(algorithm, salt, iterations, storedKey, serverKey);
    }

    /**
     * Derives the keys from a password, SASLprep'd first.
     *
     * @throws IllegalArgumentException when the password is empty or SASLprep refuses it
     */
    public static ScramKeys derive(ScramAlgorithm algorithm, char[] password, byte[] salt,
            int iterations) {
        byte[] normalized = Scram.normalizePassword(password);
        byte[] salted = algorithm.saltedPassword(normalized, salt, iterations);
        try {
            byte[] clientKey = algorithm.hmac(salted, "Client Key");
            byte[] storedKey = algorithm.hash(clientKey);
            byte[] serverKey = algorithm.hmac(salted, "Server Key");
            Crypto.wipe(clientKey);
            return new ScramKeys(algorithm, salt, iterations, storedKey, serverKey);
        } finally {
            Crypto.wipe(normalized);
            Crypto.wipe(salted);
        }
    }

    public ScramAlgorithm algorithm() {
        return algorithm;
    }

    public byte[] salt() {
        return salt.clone();
    }

    public int iterations() {
        return iterations;
    }

    byte[] storedKey() {
        return storedKey;
    }

    byte[] serverKey() {
        return serverKey;
    }

    @Override
    public String toString() {
        return "ScramKeys[" + algorithm.mechanismName() + ", iterations=" + iterations
                + ", salt=" + salt.length + " bytes, keys=****]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramKeys k && k.algorithm == algorithm && k.iterations == iterations
                && Arrays.equals(k.salt, salt) && Crypto.constantTimeEquals(k.storedKey, storedKey)
                && Crypto.constantTimeEquals(k.serverKey, serverKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, iterations, Arrays.hashCode(salt));
    }
}
