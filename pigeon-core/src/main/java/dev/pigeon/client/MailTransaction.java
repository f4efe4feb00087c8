package dev.pigeon.client;

import dev.pigeon.message.MessageSource;
import dev.pigeon.protocol.Capabilities;
import dev.pigeon.protocol.Reply;
import dev.pigeon.protocol.SmtpProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One pass through the dialogue for one message: greeting, hello, TLS, AUTH, the envelope and the
 * content, then QUIT. Per-call state lives here, not in the (immutable) {@link SmtpClient}.
 */
final class MailTransaction {
    private final ClientSettings settings;
    private final ClientSession session;
    private final Envelope envelope;
    private final MessageSource message;
    private final String host;
    private final int port;
    private final List<RecipientResult> recipients = new ArrayList<>();

    MailTransaction(ClientSettings settings, ClientSession session, Envelope envelope, MessageSource message,
                    String host, int port) {
        this.settings = settings;
        this.session = session;
        this.envelope = envelope;
        this.message = message;
        this.host = host;
        this.port = port;
    }

    SendResult run() throws SessionException {
        if (stopsAfter(Stage.CONNECT)) {
            return stopped(Stage.CONNECT);
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
                new StartTlsStep(settings.tlsMode(), settings.tls(), host, port).run(session, settings.helo()));
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
        Reply mail = session.mail(envelope.from(), List.of());
        if (!mail.isPositive()) {
            return refused(Stage.MAIL, mail);
        }
        if (stopsAfter(Stage.MAIL)) {
            return quitAndStop(Stage.MAIL);
        }
        for (var to : envelope.recipients()) {
            recipients.add(new RecipientResult(to, session.rcpt(to, List.of())));
        }
        if (recipients.stream().noneMatch(RecipientResult::accepted)) {
            quietQuit();
            return result(SendResult.Outcome.ALL_RECIPIENTS_REFUSED, Stage.RCPT, Optional.empty(), Optional.empty(), 0);
        }
        if (stopsAfter(Stage.RCPT)) {
            return quitAndStop(Stage.RCPT);
        }
        return dataAndContent();
    }

    private SendResult dataAndContent() throws SessionException {
        Reply data = session.data();
        if (data.code() != 354) {
            if (data.isPositive()) {
                throw new SessionException(Stage.DATA, "protocol error: the server answered DATA with "
                        + data.code() + ", not 354; no content sent",
                        new SmtpProtocolException("DATA answered with " + data.code()), false);
            }
            return refused(Stage.DATA, data);
        }
        if (stopsAfter(Stage.DATA)) {
            // A 354 can only be ended by content: close without sending any, as swaks does.
            return result(SendResult.Outcome.STOPPED, Stage.DATA, Optional.empty(), Optional.empty(), 0);
        }
        Reply last = session.content(message);
        long sent = session.contentBytesSent();
        quietQuit();
        if (!last.isPositive()) {
            return result(SendResult.Outcome.REFUSED, Stage.CONTENT, Optional.of(last), Optional.of(last), sent);
        }
        boolean all = recipients.stream().allMatch(RecipientResult::accepted);
        return result(all ? SendResult.Outcome.DELIVERED : SendResult.Outcome.PARTIALLY_DELIVERED,
                Stage.CONTENT, Optional.empty(), Optional.of(last), sent);
    }

    private Reply hello() throws SessionException {
        if (settings.protocol() == Protocol.SMTP) {
            return session.helo(settings.helo());
        }
        Reply ehlo = session.ehlo(settings.helo());
        // 500/502/504/550: the server does not know EHLO; 421 and other 4xx mean "go away".
        if (ehlo.isPermanent()) {
            return session.helo(settings.helo());
        }
        return ehlo;
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

    private SendResult quitAndStop(Stage stage) {
        quietQuit();
        return stopped(stage);
    }

    private SendResult stopped(Stage stage) {
        return result(SendResult.Outcome.STOPPED, stage, Optional.empty(), Optional.empty(), 0);
    }

    private SendResult refused(Stage stage, Reply reply) {
        // After 421 the server is closing; otherwise end politely (RFC 5321 3.8).
        if (reply.code() != 421) {
            quietQuit();
        }
        return result(SendResult.Outcome.REFUSED, stage, Optional.of(reply), Optional.empty(), 0);
    }

    private void quietQuit() {
        try {
            session.quit();
        } catch (SessionException ignored) {
            // The transaction's outcome is already decided; a lost QUIT changes nothing.
        }
    }

    private SendResult result(SendResult.Outcome outcome, Stage stage, Optional<Reply> refusal,
                              Optional<Reply> finalReply, long contentBytes) {
        Capabilities caps = session.capabilities();
        return new SendResult(outcome, stage, refusal, recipients, finalReply, caps, contentBytes);
    }

    private interface Step<T> {
        T run() throws SessionException;
    }
}
