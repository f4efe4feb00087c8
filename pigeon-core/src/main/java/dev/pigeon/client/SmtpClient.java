package dev.pigeon.client;

import dev.pigeon.message.MessageSource;
import dev.pigeon.transport.Connection;
import dev.pigeon.transport.Connector;
import dev.pigeon.transport.Timeouts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
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
    private final Timeouts timeouts;
    private final SessionListener listener;
    private final ClientSettings settings;

    private SmtpClient(Builder b, LazyTls tls) {
        this.timeouts = b.timeouts;
        this.listener = b.listener;
        this.settings = new ClientSettings(b.helo, b.protocol, b.quitAfter, b.tls.mode(), tls, b.auth, b.extensions);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What the client was built with (for tests in this package). */
    ClientSettings settings() {
        return settings;
    }

    /**
     * Opens a session: connects and returns it before the greeting is read; with implicit TLS,
     * after the handshake.
     */
    public ClientSession open(String host, int port) throws SessionException {
        return open(host, host, port);
    }

    /**
     * Opens a session to {@code address} while naming the server {@code host}: TLS verifies the
     * certificate against {@code host}. Used by MX delivery, which has already resolved the name.
     */
    public ClientSession open(String host, InetAddress address, int port) throws SessionException {
        return open(host, address.getHostAddress(), port);
    }

    private ClientSession open(String host, String connectTo, int port) throws SessionException {
        Connector connector = new Connector(timeouts);
        try {
            Connection connection = connector.connect(connectTo, port, new Connector.Attempts() {
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
            if (settings.tlsMode() == TlsMode.IMPLICIT) {
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
            session.implicitTls(settings.tls().get(), host, port);
        } catch (SessionException e) {
            session.close();
            throw e;
        }
    }

    public SendResult send(String host, int port, Envelope envelope, MessageSource message) throws SessionException {
        return send(host, host, port, envelope, message);
    }

    /** Sends to {@code address}, verifying TLS and naming AUTH's target as {@code host}. */
    public SendResult send(String host, InetAddress address, int port, Envelope envelope, MessageSource message)
            throws SessionException {
        return send(host, address.getHostAddress(), port, envelope, message);
    }

    private SendResult send(String host, String connectTo, int port, Envelope envelope, MessageSource message)
            throws SessionException {
        Objects.requireNonNull(envelope);
        Objects.requireNonNull(message);
        try (ClientSession session = open(host, connectTo, port)) {
            return transaction(session, host, port, envelope, message);
        }
    }

    /** One whole dialogue, greeting to QUIT, in the protocol this client was built for. */
    private SendResult transaction(ClientSession session, String host, int port, Envelope envelope,
                                   MessageSource message) throws SessionException {
        if (settings.protocol() == Protocol.LMTP) {
            return new LmtpTransaction(settings, session, host, port).run(envelope, message);
        }
        return new MailTransaction(settings, session, envelope, message, host, port).run();
    }

    /**
     * Opens a session over a unix-domain socket (where LMTP servers usually listen), before the
     * greeting is read. There is no TLS on a unix-domain socket: STARTTLS is skipped.
     *
     * @throws IllegalStateException when the client was built to require TLS
     */
    public ClientSession openUnix(Path socket) throws SessionException {
        if (settings.tlsMode() == TlsMode.IMPLICIT || settings.tlsMode() == TlsMode.STARTTLS_REQUIRED) {
            throw new IllegalStateException("TLS is required, but a unix-domain socket has no TLS");
        }
        try {
            return new ClientSession(new Connector(timeouts).connectUnix(socket), timeouts, listener);
        } catch (IOException e) {
            throw new SessionException(Stage.CONNECT, e.getMessage(), e, false);
        }
    }

    /** Sends over a unix-domain socket (see {@link #openUnix}). */
    public SendResult send(Path socket, Envelope envelope, MessageSource message) throws SessionException {
        Objects.requireNonNull(envelope);
        Objects.requireNonNull(message);
        try (ClientSession session = openUnix(socket)) {
            return transaction(session, socket.toString(), 0, envelope, message);
        }
    }

    /**
     * Makes an open session ready to carry many transactions: reads the greeting, says hello, and
     * runs STARTTLS and AUTH as this client was built to. Empty when the session is ready for
     * {@link #send(ClientSession, Envelope, MessageSource)}; otherwise the refusal (QUIT was sent
     * where polite; the caller closes the session). {@code host} and {@code port} name the server
     * to TLS and AUTH, as for {@link #open}.
     */
    public Optional<SendResult> ready(ClientSession session, String host, int port) throws SessionException {
        requireSmtp();
        return new MailTransaction(settings, session, null, null, host, port).opening();
    }

    private void requireSmtp() {
        if (settings.protocol() == Protocol.LMTP) {
            throw new IllegalStateException("reusing a session is for SMTP; LMTP sends one message per session here");
        }
    }

    /**
     * One transaction, MAIL to the final reply, on a session {@link #ready} made ready; the session
     * stays open (no QUIT). After a refused or failed transaction, send RSET before the next MAIL;
     * after a delivered one the next MAIL may follow at once (RFC 5321 4.1.4).
     */
    public SendResult send(ClientSession session, Envelope envelope, MessageSource message) throws SessionException {
        Objects.requireNonNull(envelope);
        Objects.requireNonNull(message);
        requireSmtp();
        // The host and port only matter to STARTTLS and AUTH, which ready() ran.
        return new MailTransaction(settings, session, envelope, message, "", 0).runKeepingOpen();
    }

    /**
     * Like {@link #send(ClientSession, Envelope, MessageSource)}, for a run of messages on one
     * session: when the server offers PIPELINING, the final dot is not flushed or waited for, so it
     * leaves in one write with the next transaction's MAIL, RCPT and DATA (RFC 2920 3.1) and a
     * message costs one round trip. Its reply is read before the next transaction's first one, or
     * by {@link PendingSend#result()}, which must be called before anything else but another
     * transaction is done on the session.
     */
    public PendingSend sendPipelined(ClientSession session, Envelope envelope, MessageSource message)
            throws SessionException {
        Objects.requireNonNull(envelope);
        Objects.requireNonNull(message);
        requireSmtp();
        return new MailTransaction(settings, session, envelope, message, "", 0).runPipelined();
    }

    public static final class Builder {
        private String helo = LocalName.guess();
        private Protocol protocol = Protocol.ESMTP;
        private Timeouts timeouts = Timeouts.rfc5321();
        private SessionListener listener = SessionListener.NONE;
        private Optional<Stage> quitAfter = Optional.empty();
        private TlsPolicy tls = TlsPolicy.defaults();
        private Optional<AuthSettings> auth = Optional.empty();
        private Extensions extensions = Extensions.defaults();

        private Builder() {}

        /** Which ESMTP extensions to use when offered; by default all of them, and no DSN request. */
        public Builder extensions(Extensions extensions) {
            this.extensions = Objects.requireNonNull(extensions);
            return this;
        }

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
            return new SmtpClient(this, tls.mode().usesTls() ? LazyTls.of(tls.settings()) : null);
        }
    }
}
