package dev.pigeon.client;

import dev.pigeon.auth.Credentials;
import dev.pigeon.auth.SaslMechanism;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link SmtpClient} authenticates.
 *
 * @param credentials    the user and secret; {@code toString()} hides the secret
 * @param mechanism      the mechanism to use; empty for the strongest both sides support
 * @param allowPlaintext whether credentials may be sent over a connection without TLS. Off by
 *     default, for every mechanism: a challenge-response exchange still hands an eavesdropper
 *     material for offline guessing.
 */
public record AuthSettings(Credentials credentials, Optional<SaslMechanism> mechanism, boolean allowPlaintext) {
    public AuthSettings {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(mechanism, "mechanism");
        mechanism.ifPresent(m -> {
            if (!m.accepts(credentials)) {
                throw new IllegalArgumentException(m.name() + " cannot use "
                        + (credentials.isBearerToken() ? "a bearer token" : "a password"));
            }
        });
    }

    /** The strongest common mechanism, only under TLS. */
    public static AuthSettings of(Credentials credentials) {
        return new AuthSettings(credentials, Optional.empty(), false);
    }
}
