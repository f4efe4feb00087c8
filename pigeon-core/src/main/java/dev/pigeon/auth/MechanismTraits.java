package dev.pigeon.auth;

import java.util.Objects;

/**
 * What a mechanism is, apart from how it talks: its name, whether the secret crosses the wire in a
 * recoverable form, whether AUTH carries an initial response, its rank when choosing the strongest,
 * and the kind of credentials it takes.
 */
public record MechanismTraits(String name, boolean exposesSecret, boolean sendsInitialResponse, int strength,
                              Credentials.Kind credentialKind) {
    public MechanismTraits {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(credentialKind, "credentialKind");
    }
}
