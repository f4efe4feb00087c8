package dev.pigeon.auth;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * SCRAM-SHA-1 (RFC 5802) and SCRAM-SHA-256 (RFC 7677), without channel binding (GS2 header
 * {@code n,,}). The password never crosses the wire, and the server must prove it knows the
 * user's keys: a server-final message whose signature does not verify fails the exchange.
 */
public final class Scram implements SaslMechanism {
    /**
     * The highest iteration count a server may ask for. RFC 7677 wants at least 4096; far higher
     * counts are a way to make the client burn CPU (10,000,000 HMACs take seconds).
     */
    public static final int MAX_ITERATIONS = 10_000_000;

    private final ScramAlgorithm algorithm;
    private final MechanismTraits traits;
    private final Supplier<String> nonces;

    Scram(ScramAlgorithm algorithm) {
        this(algorithm, Crypto::randomNonce);
    }

    private Scram(ScramAlgorithm algorithm, Supplier<String> nonces) {
        this.algorithm = algorithm;
        this.nonces = nonces;
        this.traits = new MechanismTraits(algorithm.mechanismName(), false, true,
                algorithm == ScramAlgorithm.SHA_256 ? 70 : 60, Credentials.Kind.PASSWORD);
    }

    /**
     * The same mechanism drawing client nonces from {@code nonces} instead of a
     * {@link java.security.SecureRandom}: for reproducing RFC test vectors only. A predictable
     * nonce lets an attacker replay a recorded exchange.
     */
    static Scram withNonces(ScramAlgorithm algorithm, Supplier<String> nonces) {
        return new Scram(algorithm, Objects.requireNonNull(nonces, "nonces"));
    }

    public ScramAlgorithm algorithm() {
        return algorithm;
    }

    @Override
    public MechanismTraits traits() {
        return traits;
    }

    /**
     * @throws IllegalArgumentException when SASLprep refuses the user name or password, or the
     *     password is empty
     */
    @Override
    public SaslExchange start(Credentials credentials, AuthTarget target) {
        ClientExchange.requireAccepted(this, credentials);
        String user = SaslPrep.prepare(credentials.user());
        String nonce = nonces.get();
        if (!ScramAttributes.isValidNonce(nonce)) {
            throw new IllegalStateException("the nonce supplier gave an invalid nonce");
        }
        char[] password = credentials.secret();
        try {
            return new ScramClientExchange(this, user, normalizePassword(password), nonce);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** SASLprep'd password as UTF-8: the "Normalize(password)" of RFC 5802. */
    static byte[] normalizePassword(char[] password) {
        String prepared = SaslPrep.prepare(new String(password));
        if (prepared.isEmpty()) {
            throw new IllegalArgumentException("SCRAM cannot use an empty password");
        }
        return Crypto.utf8(prepared);
    }

    @Override
    public String toString() {
        return name();
    }
}
