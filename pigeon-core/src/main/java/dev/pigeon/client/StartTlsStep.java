package dev.pigeon.client;

import dev.pigeon.protocol.Reply;
import dev.pigeon.protocol.SmtpProtocolException;
import dev.pigeon.tls.ClientTls;
import java.util.function.Supplier;
import java.util.Optional;

/**
 * The STARTTLS step of a send, after EHLO, as the {@link TlsMode} says: required, opportunistic
 * or not at all. On success the session runs under TLS and has said EHLO again, so the
 * capabilities in use are the ones announced under TLS.
 */
final class StartTlsStep {
    private final TlsMode mode;
    private final Supplier<ClientTls> tls;
    private final String host;
    private final int port;

    StartTlsStep(TlsMode mode, Supplier<ClientTls> tls, String host, int port) {
        this.mode = mode;
        this.tls = tls;
        this.host = host;
        this.port = port;
    }

    /**
     * Runs the step.
     *
     * @param helo the name for the EHLO after the handshake
     * @return a refusal that ends the send: STARTTLS refused in required mode, or the second EHLO
     *     refused; empty to go on (under TLS, or in plain where the mode allows it)
     * @throws SecurityStop when TLS is required and the server does not offer STARTTLS
     */
    Optional<Refusal> run(ClientSession session, String helo) throws SessionException {
        return run(session, s -> s.ehlo(helo));
    }

    /** Says hello again once TLS is up: EHLO for SMTP, LHLO for LMTP. */
    interface Hello {
        Reply say(ClientSession session) throws SessionException;
    }

    /** Runs the step, with {@code again} for the hello after the handshake. */
    Optional<Refusal> run(ClientSession session, Hello again) throws SessionException {
        // A unix-domain socket has no TLS (and needs none: it never leaves the host).
        if (mode == TlsMode.NONE || mode == TlsMode.IMPLICIT || session.isTls() || session.isUnixDomain()) {
            return Optional.empty();
        }
        if (!session.capabilities().has("STARTTLS")) {
            if (mode == TlsMode.STARTTLS_REQUIRED) {
                throw new SecurityStop(Stage.TLS, SecurityStop.Reason.STARTTLS_NOT_OFFERED,
                        "STARTTLS is required but the server does not offer it; stopped before AUTH and MAIL");
            }
            return Optional.empty();
        }
        Reply reply = session.startTls(tls.get(), host, port);
        if (reply.code() != 220) {
            if (reply.isPositive()) {
                throw new SessionException(Stage.TLS, "protocol error: the server answered STARTTLS with "
                        + reply.code() + ", not 220", new SmtpProtocolException("STARTTLS answered with "
                        + reply.code()), false);
            }
            // Opportunistic: a refusal before any handshake leaves the plain session as it was.
            return mode == TlsMode.STARTTLS_REQUIRED ? Optional.of(new Refusal(Stage.TLS, reply)) : Optional.empty();
        }
        Reply ehlo = again.say(session);
        return ehlo.isPositive() ? Optional.empty() : Optional.of(new Refusal(Stage.HELLO, ehlo));
    }

    /** A reply that ended the send, and where. */
    record Refusal(Stage stage, Reply reply) {}
}
