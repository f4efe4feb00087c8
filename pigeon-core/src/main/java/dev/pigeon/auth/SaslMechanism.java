package dev.pigeon.auth;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A client SASL mechanism for SMTP AUTH. The instances are shared, stateless constants; each
 * attempt gets its own {@link SaslExchange} from {@link #start}.
 *
 * <p>Choosing: {@link #strongest} picks, among the mechanisms the server offers and the
 * credentials can use, the one with the highest {@link #strength()}: SCRAM-SHA-256 > SCRAM-SHA-1
 * > CRAM-MD5 > PLAIN > LOGIN for a password; OAUTHBEARER > XOAUTH2 for a bearer token.
 *
 * <p>{@link #exposesSecret()} says whether the secret crosses the wire in a recoverable form.
 * It does not decide whether to authenticate: the session refuses every mechanism over a
 * connection without TLS unless the user said {@code --auth-plaintext}, since a challenge-
 * response exchange still gives an eavesdropper material for offline guessing.
 */
public sealed interface SaslMechanism permits Plain, Login, CramMd5, XOAuth2, OAuthBearer, Scram {

    SaslMechanism PLAIN = new Plain();
    SaslMechanism LOGIN = new Login();
    SaslMechanism CRAM_MD5 = new CramMd5();
    SaslMechanism XOAUTH2 = new XOAuth2();
    SaslMechanism OAUTHBEARER = new OAuthBearer();
    SaslMechanism SCRAM_SHA_1 = new Scram(ScramAlgorithm.SHA_1);
    SaslMechanism SCRAM_SHA_256 = new Scram(ScramAlgorithm.SHA_256);

    /** What the mechanism is: name, exposure of the secret, initial response, rank, credential kind. */
    MechanismTraits traits();

    /** The name in EHLO's AUTH line and the AUTH command, upper case. */
    default String name() {
        return traits().name();
    }

    /** True when the secret crosses the wire in a recoverable form (PLAIN, LOGIN, bearer tokens). */
    default boolean exposesSecret() {
        return traits().exposesSecret();
    }

    /** True when the AUTH command carries an initial response. */
    default boolean sendsInitialResponse() {
        return traits().sendsInitialResponse();
    }

    /** Higher is preferred; only the order means anything. */
    default int strength() {
        return traits().strength();
    }

    /** Whether these credentials suit the mechanism (a password, or a bearer token). */
    default boolean accepts(Credentials credentials) {
        return credentials.kind() == traits().credentialKind();
    }

    /**
     * Starts one attempt.
     *
     * @param target the server as the client named it; only OAUTHBEARER uses it, may be null
     * @throws IllegalArgumentException when the mechanism cannot use these credentials
     * @throws IllegalStateException when the credentials were cleared
     */
    SaslExchange start(Credentials credentials, AuthTarget target);

    /** Every mechanism this package implements, strongest first. */
    static List<SaslMechanism> all() {
        return List.of(SCRAM_SHA_256, SCRAM_SHA_1, CRAM_MD5, PLAIN, LOGIN, OAUTHBEARER, XOAUTH2);
    }

    /** The names of {@link #all()}, strongest first. */
    static List<String> supportedNames() {
        return all().stream().map(SaslMechanism::name).toList();
    }

    /** The mechanism of that name, ignoring case. */
    static Optional<SaslMechanism> byName(String name) {
        String upper = name.strip().toUpperCase(Locale.ROOT);
        return all().stream().filter(m -> m.name().equals(upper)).findFirst();
    }

    /**
     * The strongest mechanism both sides support that can use {@code credentials}.
     *
     * @param offered the names from the server's EHLO {@code AUTH} line, any case
     */
    static Optional<SaslMechanism> strongest(Collection<String> offered, Credentials credentials) {
        return offered.stream()
                .map(SaslMechanism::byName)
                .flatMap(Optional::stream)
                .filter(m -> m.accepts(credentials))
                .max(Comparator.comparingInt(SaslMechanism::strength));
    }
}
