package dev.pigeon.auth;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * PLAIN (RFC 4616): {@code NUL user NUL password} as the initial response, with an empty
 * authorization identity (act as yourself). Sends the password in a recoverable form.
 */
public final class Plain implements SaslMechanism {
    private static final MechanismTraits TRAITS = new MechanismTraits("PLAIN", true, true,
            40, Credentials.Kind.PASSWORD);

    @Override
    public MechanismTraits traits() {
        return TRAITS;
    }

    Plain() {}

    @Override
    public SaslExchange start(Credentials credentials, AuthTarget target) {
        ClientExchange.requireAccepted(this, credentials);
        if (credentials.user().indexOf('\0') >= 0) {
            throw new IllegalArgumentException("PLAIN cannot carry a NUL in the user name");
        }
        return new ClientExchange(this, credentials.user()) {
            @Override
            Optional<byte[]> first() {
                byte[] password = credentials.secretUtf8();
                try {
                    for (byte b : password) {
                        if (b == 0) {
                            throw new IllegalArgumentException("PLAIN cannot carry a NUL in the password");
                        }
                    }
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(0);
                    out.writeBytes(Crypto.utf8(credentials.user()));
                    out.write(0);
                    out.writeBytes(password);
                    return Optional.of(out.toByteArray());
                } finally {
                    Crypto.wipe(password);
                }
            }

            @Override
            byte[] next(byte[] challenge) throws AuthenticationException {
                throw new AuthenticationException("PLAIN: unexpected challenge after the response");
            }
        };
    }

    @Override
    public String toString() {
        return name();
    }
}
