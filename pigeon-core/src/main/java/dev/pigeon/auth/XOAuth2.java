package dev.pigeon.auth;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * XOAUTH2 (Google's and Microsoft's OAuth 2.0 mechanism): the initial response is
 * {@code user=USER ^A auth=Bearer TOKEN ^A ^A}. When the token is refused the server sends a
 * 334 holding a JSON error; the client answers with an empty line and the server then sends its
 * 5xx. The token is a bearer secret, sent as is.
 */
public final class XOAuth2 implements SaslMechanism {
    private static final MechanismTraits TRAITS = new MechanismTraits("XOAUTH2", true, true,
            10, Credentials.Kind.BEARER_TOKEN);

    @Override
    public MechanismTraits traits() {
        return TRAITS;
    }

    XOAuth2() {}

    @Override
    public SaslExchange start(Credentials credentials, AuthTarget target) {
        ClientExchange.requireAccepted(this, credentials);
        return new ClientExchange(this, credentials.user()) {
            private boolean errorSeen;

            @Override
            Optional<byte[]> first() {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(Crypto.utf8("user=" + credentials.user() + "\u0001auth=Bearer "));
                byte[] token = BearerToken.utf8(credentials);
                try {
                    out.writeBytes(token);
                } finally {
                    Crypto.wipe(token);
                }
                out.writeBytes(new byte[] {1, 1});
                return Optional.of(out.toByteArray());
            }

            @Override
            byte[] next(byte[] challenge) throws AuthenticationException {
                if (errorSeen) {
                    throw new AuthenticationException("XOAUTH2: a challenge after the error");
                }
                errorSeen = true;
                return new byte[0];
            }
        };
    }

    @Override
    public String toString() {
        return name();
    }
}
