package dev.pigeon.client;

import dev.pigeon.auth.AuthTarget;
import dev.pigeon.auth.AuthenticationException;
import dev.pigeon.auth.SaslExchange;
import dev.pigeon.auth.SaslMechanism;
import dev.pigeon.protocol.Reply;
import java.util.List;
import java.util.Optional;

/**
 * The AUTH step of a send: checks the policy (TLS first, unless plaintext was allowed), picks the
 * mechanism from what EHLO offered, and runs the exchange. Every refusal to go on happens before
 * a credential byte is sent.
 */
final class Authenticator {
    private final AuthSettings settings;
    private final String host;
    private final int port;

    Authenticator(AuthSettings settings, String host, int port) {
        this.settings = settings;
        this.host = host;
        this.port = port;
    }

    /**
     * @return the server's final reply (235 on success)
     * @throws SecurityStop when policy forbids going on, or the exchange failed on this side
     */
    Reply run(ClientSession session) throws SessionException {
        if (!session.isTls() && !settings.allowPlaintext()) {
            throw stop(SecurityStop.Reason.CREDENTIALS_NEED_TLS,
                    "refusing to send credentials over a connection without TLS (the server did not"
                            + " offer STARTTLS or TLS was turned off); nothing was sent");
        }
        if (!session.capabilities().has("AUTH")) {
            throw stop(SecurityStop.Reason.AUTH_NOT_OFFERED, "the server does not offer AUTH"
                    + (session.isTls() ? "" : " (some servers offer it only under TLS)"));
        }
        List<String> offered = session.capabilities().parameters("AUTH");
        SaslMechanism mechanism = choose(offered);
        SaslExchange exchange = mechanism.start(settings.credentials(), target());
        try {
            return session.auth(exchange);
        } catch (AuthenticationException e) {
            throw stop(SecurityStop.Reason.AUTHENTICATION_FAILED, "authentication failed: " + e.getMessage());
        }
    }

    private SaslMechanism choose(List<String> offered) throws SecurityStop {
        String list = offered.isEmpty() ? "none" : String.join(" ", offered);
        if (settings.mechanism().isPresent()) {
            SaslMechanism wanted = settings.mechanism().get();
            if (offered.stream().noneMatch(name -> name.equalsIgnoreCase(wanted.name()))) {
                throw stop(SecurityStop.Reason.NO_COMMON_MECHANISM,
                        "the server does not offer AUTH " + wanted.name() + " (it offers: " + list + ")");
            }
            return wanted;
        }
        return SaslMechanism.strongest(offered, settings.credentials()).orElseThrow(() ->
                stop(SecurityStop.Reason.NO_COMMON_MECHANISM, "no AUTH mechanism both sides support for "
                        + (settings.credentials().isBearerToken() ? "a bearer token" : "a password")
                        + " (the server offers: " + list + ")"));
    }

    /** Only OAUTHBEARER uses it; a host it cannot carry (an IPv6 literal in brackets, say) leaves it out. */
    private AuthTarget target() {
        try {
            return new AuthTarget(host, port);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static SecurityStop stop(SecurityStop.Reason reason, String message) {
        return new SecurityStop(Stage.AUTH, reason, message);
    }
}
