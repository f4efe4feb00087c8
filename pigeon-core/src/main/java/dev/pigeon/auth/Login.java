package dev.pigeon.auth;

import java.util.Optional;

/**
 * LOGIN (draft-murchison-sasl-login, de facto): the user name answers the first challenge, the
 * password the second. The challenge texts ("Username:", "Password:") vary between servers and
 * are ignored; only their order counts. Sends the password in a recoverable form.
 */
public final class Login implements SaslMechanism {
    private static final MechanismTraits TRAITS = new MechanismTraits("LOGIN", true, false,
            30, Credentials.Kind.PASSWORD);

    @Override
    public MechanismTraits traits() {
        return TRAITS;
    }

    Login() {}

    @Override
    public SaslExchange start(Credentials credentials, AuthTarget target) {
        ClientExchange.requireAccepted(this, credentials);
        return new ClientExchange(this, credentials.user()) {
            private int answered;

            @Override
            Optional<byte[]> first() {
                return Optional.empty();
            }

            @Override
            byte[] next(byte[] challenge) throws AuthenticationException {
                answered++;
                return switch (answered) {
                    case 1 -> Crypto.utf8(credentials.user());
                    case 2 -> credentials.secretUtf8();
                    default -> throw new AuthenticationException(
                            "LOGIN: a third challenge after user name and password");
                };
            }
        };
    }

    @Override
    public String toString() {
        return name();
    }
}
