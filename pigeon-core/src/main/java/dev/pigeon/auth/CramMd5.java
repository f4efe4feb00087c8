package dev.pigeon.auth;

import java.util.Optional;

/**
 * CRAM-MD5 (RFC 2195): answers the server's challenge with
 * {@code user SP hex(HMAC-MD5(password, challenge))}. The password does not cross the wire, but
 * the answer allows an offline guessing attack, and the server must store the password itself.
 */
public final class CramMd5 implements SaslMechanism {
    private static final MechanismTraits TRAITS = new MechanismTraits("CRAM-MD5", false, false,
            50, Credentials.Kind.PASSWORD);

    @Override
    public MechanismTraits traits() {
        return TRAITS;
    }

    CramMd5() {}

    @Override
    public SaslExchange start(Credentials credentials, AuthTarget target) {
        ClientExchange.requireAccepted(this, credentials);
        return new ClientExchange(this, credentials.user()) {
            private boolean answered;

            @Override
            Optional<byte[]> first() {
                return Optional.empty();
            }

            @Override
            byte[] next(byte[] challenge) throws AuthenticationException {
                if (answered) {
                    throw new AuthenticationException("CRAM-MD5: a second challenge");
                }
                if (challenge.length == 0) {
                    throw new AuthenticationException("CRAM-MD5: empty challenge");
                }
                answered = true;
                byte[] key = credentials.secretUtf8();
                try {
                    if (key.length == 0) {
                        throw new AuthenticationException("CRAM-MD5 cannot use an empty password");
                    }
                    return Crypto.utf8(credentials.user() + " " + digest(key, challenge));
                } finally {
                    Crypto.wipe(key);
                }
            }
        };
    }

    /** The lower-case hex HMAC-MD5 both sides compute; {@code key} must not be empty. */
    static String digest(byte[] key, byte[] challenge) {
        return Crypto.hex(Crypto.hmac("HmacMD5", key, challenge));
    }

    @Override
    public String toString() {
        return name();
    }
}
