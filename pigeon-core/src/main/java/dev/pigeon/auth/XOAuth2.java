package dev.pigeon.auth;

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
        return new BearerExchange(this, credentials,
                "user=" + credentials.user() + "\u0001auth=Bearer ", new byte[0]);
    }

    @Override
    public String toString() {
        return name();
    }
}
