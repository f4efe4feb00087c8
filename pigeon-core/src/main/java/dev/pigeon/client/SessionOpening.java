package dev.pigeon.client;

import dev.pigeon.protocol.Reply;
import java.util.Optional;

/**
 * The start of every dialogue, SMTP or LMTP: greeting, hello (EHLO with a HELO fallback, HELO, or
 * LHLO as the protocol says), STARTTLS and AUTH, each followed by the quit-after check. Where it
 * ends early it has already said QUIT where polite; the transaction turns the {@link End} into its
 * result.
 */
final class SessionOpening {
    private final ClientSettings settings;
    private final ClientSession session;
    private final String host;
    private final int port;

    /** Where the opening ended the dialogue: with the refusal that ended it, or empty for quit-after. */
    record End(Stage stage, Optional<Reply> refusal) {}

    SessionOpening(ClientSettings settings, ClientSession session, String host, int port) {
        this.settings = settings;
        this.session = session;
        this.host = host;
        this.port = port;
    }

    /** Empty when the session is ready for MAIL. */
    Optional<End> run() throws SessionException {
        if (stopsAfter(Stage.CONNECT)) {
            return Optional.of(new End(Stage.CONNECT, Optional.empty())); // nothing said yet: no QUIT
        }
        Reply greeting = session.greeting();
        if (!greeting.isPositive()) {
            return refused(Stage.GREETING, greeting);
        }
        if (stopsAfter(Stage.GREETING)) {
            return quitAndStop(Stage.GREETING);
        }
        Reply hello = hello();
        if (!hello.isPositive()) {
            return refused(Stage.HELLO, hello);
        }
        if (stopsAfter(Stage.HELLO)) {
            return quitAndStop(Stage.HELLO);
        }
        Optional<StartTlsStep.Refusal> notSecured = politely(() ->
                new StartTlsStep(settings.tlsMode(), settings.tls(), host, port).run(session, this::helloAgain));
        if (notSecured.isPresent()) {
            return refused(notSecured.get().stage(), notSecured.get().reply());
        }
        if (stopsAfter(Stage.TLS)) {
            return quitAndStop(Stage.TLS);
        }
        if (settings.auth().isPresent()) {
            Reply authReply = politely(() -> new Authenticator(settings.auth().get(), host, port).run(session));
            if (authReply.code() != 235) {
                return refused(Stage.AUTH, authReply);
            }
        }
        if (stopsAfter(Stage.AUTH)) {
            return quitAndStop(Stage.AUTH);
        }
        return Optional.empty();
    }

    private Reply hello() throws SessionException {
        return switch (settings.protocol()) {
            case SMTP -> session.helo(settings.helo());
            case LMTP -> session.lhlo(settings.helo()); // there is no HELO to fall back on
            case ESMTP -> {
                Reply ehlo = session.ehlo(settings.helo());
                // 500/502/504/550: the server does not know EHLO; 421 and other 4xx mean "go away".
                yield ehlo.isPermanent() ? session.helo(settings.helo()) : ehlo;
            }
        };
    }

    /** The hello after the TLS handshake: LHLO for LMTP, EHLO otherwise. */
    private Reply helloAgain(ClientSession s) throws SessionException {
        return settings.protocol() == Protocol.LMTP ? s.lhlo(settings.helo()) : s.ehlo(settings.helo());
    }

    /** Runs a step; when the client itself stops it ({@link SecurityStop}), says QUIT first. */
    private <T> T politely(Step<T> step) throws SessionException {
        try {
            return step.run();
        } catch (SecurityStop e) {
            quietQuit();
            throw e;
        }
    }

    private boolean stopsAfter(Stage stage) {
        return settings.quitAfter().filter(s -> s == stage).isPresent();
    }

    private Optional<End> quitAndStop(Stage stage) {
        quietQuit();
        return Optional.of(new End(stage, Optional.empty()));
    }

    private Optional<End> refused(Stage stage, Reply reply) {
        // After 421 the server is closing; otherwise end politely (RFC 5321 3.8).
        if (reply.code() != 421) {
            quietQuit();
        }
        return Optional.of(new End(stage, Optional.of(reply)));
    }

    private void quietQuit() {
        try {
            session.quit();
        } catch (SessionException ignored) {
            // The outcome is already decided; a lost QUIT changes nothing.
        }
    }

    private interface Step<T> {
        T run() throws SessionException;
    }
}
