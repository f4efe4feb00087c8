package dev.pigeon.auth;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The embedded server's AUTH verifiers: PLAIN, LOGIN, CRAM-MD5 and SCRAM-SHA-256 against a
 * {@link UserStore}. Immutable and shareable; each AUTH command gets its own
 * {@link ServerSaslExchange}. Offering AUTH only under TLS is the server session's policy.
 */
public final class SaslServer {
    /** Largest decoded client response accepted; a PLAIN or SCRAM message is far smaller. */
    public static final int MAX_RESPONSE_BYTES = 4096;

    private static final List<String> MECHANISMS =
            List.of("SCRAM-SHA-256", "CRAM-MD5", "PLAIN", "LOGIN");

    private final UserStore users;
    private final String serverName;
    private final Secrets secrets;

    /**
     * @param serverName the host name in CRAM-MD5 challenges (the server's EHLO name)
     */
    public SaslServer(UserStore users, String serverName) {
        this(users, serverName, Crypto::randomNonce);
    }

    /** With server nonces from {@code nonces}: for RFC test vectors only. */
    SaslServer(UserStore users, String serverName, Supplier<String> nonces) {
        this.users = Objects.requireNonNull(users, "users");
        this.serverName = Objects.requireNonNull(serverName, "serverName");
        if (serverName.chars().anyMatch(c -> c <= 0x20 || c >= 0x7F || c == '>')) {
            throw new IllegalArgumentException("server name must be printable ASCII without spaces");
        }
        this.secrets = new Secrets(nonces, Crypto.randomBytes(32));
    }

    /** The mechanisms to list after {@code AUTH} in the EHLO reply, strongest first. */
    public List<String> mechanisms() {
        return MECHANISMS;
    }

    public boolean supports(String mechanism) {
        return MECHANISMS.contains(mechanism.toUpperCase(Locale.ROOT));
    }

    /**
     * Starts one attempt; then call {@link ServerSaslExchange#begin()}.
     *
     * @param initialResponse the decoded initial response from the AUTH line, if any
     * @throws IllegalArgumentException for a mechanism not in {@link #mechanisms()} (reply 504)
     */
    public ServerSaslExchange start(String mechanism, Optional<byte[]> initialResponse) {
        return switch (mechanism.toUpperCase(Locale.ROOT)) {
            case "PLAIN" -> new PlainVerifier(users, initialResponse);
            case "LOGIN" -> new LoginVerifier(users, initialResponse);
            case "CRAM-MD5" -> new CramMd5Verifier(users, serverName, initialResponse);
            case "SCRAM-SHA-256" -> new ScramVerifier(users, secrets, initialResponse);
            default -> throw new IllegalArgumentException("unsupported mechanism");
        };
    }

    @Override
    public String toString() {
        return "SaslServer" + MECHANISMS;
    }

    /** Server nonces, and decoy SCRAM keys for unknown users (salt stable per name). */
    record Secrets(Supplier<String> nonces, byte[] decoyKey) {
        String serverNonce() {
            String n = nonces.get();
            if (!ScramAttributes.isValidNonce(n)) {
                throw new IllegalStateException("the nonce supplier gave an invalid nonce");
            }
            return n;
        }

        ScramKeys decoyKeys(String name) {
            byte[] seed = Crypto.hmac("HmacSHA256", decoyKey, Crypto.utf8(name));
            byte[] salt = java.util.Arrays.copyOf(seed, 16);
            return ScramKeys.of(ScramAlgorithm.SHA_256, salt, ScramKeys.DEFAULT_ITERATIONS,
                    Crypto.randomBytes(32), Crypto.randomBytes(32));
        }

        @Override
        public String toString() {
            return "Secrets[****]";
        }
    }
}
