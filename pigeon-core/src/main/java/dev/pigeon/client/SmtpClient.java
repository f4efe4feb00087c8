package dev.pigeon.client;

import dev.pigeon.message.MessageSource;
import dev.pigeon.protocol.Capabilities;
import dev.pigeon.protocol.Reply;
import dev.pigeon.protocol.SmtpProtocolException;
import dev.pigeon.tls.ClientTls;
import dev.pigeon.transport.Connection;
import dev.pigeon.transport.Connector;
import dev.pigeon.transport.Timeouts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends messages over SMTP. Immutable and thread-safe: build once, send many times.
 *
 * <pre>{@code
 * SmtpClient client = SmtpClient.builder().helo("client.example").build();
 * SendResult result = client.send("mx.example", 25, Envelope.of("a@x", "b@y"), MessageSource.ofString(text));
 * }</pre>
 *
 * A refusal is a {@link SendResult}; a broken transport or a malformed server is a
 * {@link SessionException}.
 */
public final class SmtpClient {
    private final String helo;
    private final Protocol protocol;
    private final Timeouts timeouts;
    private final SessionListener listener;
    private final Optional<Stage> quitAfter;
    private final TlsMode tlsMode;
    private final ClientTls tls;
    private final Optional<AuthSettings> auth;

    private SmtpClient(Builder b, ClientTls tls) {
        this.helo = b.helo;
        this.protocol = b.protocol;
        this.timeouts = b.timeouts;
        this.listener = b.listener;
        this.quitAfter = b.quitAfter;
        this.tlsMode = b.tls.mode();
        this.tls = tls;
        this.auth = b.auth;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens a session: connects and returns it before the greeting is read; with implicit TLS,
     * after the handshake.
     */
    public ClientSession open(String host, int port) throws SessionException {
        Connector connector = new Connector(timeouts);
        try {
            Connection connection = connector.connect(host, port, new Connector.Attempts() {
                @Override
                public void connecting(InetSocketAddress address) {
                    listener.connecting(address);
                }

                @Override
                public void connectFailed(InetSocketAddress address, IOException cause) {
                    listener.connectFailed(address, cause);
                }
            });
            ClientSession session = new ClientSession(connection, timeouts, listener);
            if (tlsMode == TlsMode.IMPLICIT) {
                implicitTls(session, host, port);
            }
            return session;
        } catch (SessionException e) {
            throw e;
        } catch (IOException e) {
            throw new SessionException(Stage.CONNECT, e.getMessage(), e, false);
        }
    }

    private void implicitTls(ClientSession session, String host, int port) throws SessionException {
        try {
            session.implicitTls(tls, host, port);
        } catch (SessionException e) {
            session.close();
            throw e;
        }
    }

    public SendResult send(String host, int port, Envelope envelope, MessageSource message) throws SessionException {
        Objects.requireNonNull(envelope);
        Objects.requireNonNull(message);
        try (ClientSession session = open(host, port)) {
            return new Transaction(session, envelope, message, host, port).run();
        }
    }

    /** One pass through the dialogue; per-call state lives here, not in the client. */
    private final class Transaction {
        private final ClientSession session;
        private final Envelope envelope;
        private final MessageSource message;
        private final String host;
        private final int port;
        private final List<RecipientResult> recipients = new ArrayList<>();

        Transaction(ClientSession session, Envelope envelope, MessageSource message, String host, int port) {
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
                    new StartTlsStep(tlsMode, tls, host, port).run(session, helo));
            if (notSecured.isPresent()) {
                return refused(notSecured.get().stage(), notSecured.get().reply());
            }
            if (stopsAfter(Stage.TLS)) {
                return quitAndStop(Stage.TLS);
            }
            if (auth.isPresent()) {
                Reply authReply = politely(() -> new Authenticator(auth.get(), host, port).run(session));
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
            if (protocol == Protocol.SMTP) {
                return session.helo(helo);
            }
            Reply ehlo = session.ehlo(helo);
            // 500/502/504/550: the server does not know EHLO; 421 and other 4xx mean "go away".
            if (ehlo.isPermanent()) {
                return session.helo(helo);
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
            return quitAfter.filter(s -> s == stage).isPresent();
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
    }

    private interface Step<T> {
        T run() throws SessionException;
    }

    public static final class Builder {
        private String helo = LocalName.guess();
        private Protocol protocol = Protocol.ESMTP;
        private Timeouts timeouts = Timeouts.rfc5321();
        private SessionListener listener = SessionListener.NONE;
        private Optional<Stage> quitAfter = Optional.empty();
        private TlsPolicy tls = TlsPolicy.defaults();
        private Optional<AuthSettings> auth = Optional.empty();

        private Builder() {}

        /** When and how to use TLS; by default STARTTLS when offered, certificates verified. */
        public Builder tls(TlsPolicy policy) {
            this.tls = Objects.requireNonNull(policy);
            return this;
        }

        /** Authenticate after EHLO (and after TLS); by default no AUTH is sent. */
        public Builder auth(AuthSettings settings) {
            this.auth = Optional.of(settings);
            return this;
        }

        /** The name sent in EHLO/HELO; defaults to this host's name, or an address literal. */
        public Builder helo(String name) {
            this.helo = Objects.requireNonNull(name);
            return this;
        }

        public Builder protocol(Protocol protocol) {
            this.protocol = Objects.requireNonNull(protocol);
            return this;
        }

        public Builder timeouts(Timeouts timeouts) {
            this.timeouts = Objects.requireNonNull(timeouts);
            return this;
        }

        public Builder listener(SessionListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        /** Stop (QUIT) once this stage has succeeded, as swaks' {@code --quit-after}. */
        public Builder quitAfter(Stage stage) {
            this.quitAfter = Optional.of(stage);
            return this;
        }

        public SmtpClient build() {
            // Fail now, not mid-dialogue, if the name could not go on the wire.
            new dev.pigeon.protocol.Command.Ehlo(helo);
            return new SmtpClient(this, tls.mode().usesTls() ? clientTls() : null);
        }

        /** @throws IllegalArgumentException when the settings cannot make a TLS context (say, an unknown protocol) */
        private ClientTls clientTls() {
            try {
                return ClientTls.create(tls.settings());
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
            }
        }
    }
}
