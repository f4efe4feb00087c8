package dev.pigeon.auth;

/**
 * OAUTHBEARER (RFC 7628): the initial response is a GS2 header naming the user, then the
 * server's host and port and the token:
 * {@code n,a=USER,^Ahost=HOST^Aport=PORT^Aauth=Bearer TOKEN^A^A}. On an error the server sends a
 * 334 holding JSON; the client answers with a single {@code ^A} (RFC 7628 section 3.2.3) and the
 * server then fails the exchange. The token is a bearer secret, sent as is.
 */
public final class OAuthBearer implements SaslMechanism {
    private static final MechanismTraits TRAITS = new MechanismTraits("OAUTHBEARER", true, true,
            20, Credentials.Kind.BEARER_TOKEN);

    @Override
    public MechanismTraits traits() {
        return TRAITS;
    }

    OAuthBearer() {}

    /** {@code target} may be null: host and port are optional in RFC 7628 and then left out. */
    @Override
    public SaslExchange start(Credentials credentials, AuthTarget target) {
        ClientExchange.requireAccepted(this, credentials);
        StringBuilder head = new StringBuilder("n,a=")
                .append(Gs2.escape(credentials.user()))
                .append(",\u0001");
        if (target != null) {
            head.append("host=").append(target.host()).append('\u0001');
            head.append("port=").append(target.port()).append('\u0001');
        }
        head.append("auth=Bearer ");
        return new BearerExchange(this, credentials, head.toString(), new byte[] {1});
    }

    @Override
    public String toString() {
        return name();
    }
}
