package dev.pigeon.client;

import dev.pigeon.auth.AuthenticationException;
import dev.pigeon.auth.SaslExchange;
import dev.pigeon.message.MessageSource;
import dev.pigeon.protocol.Capabilities;
import dev.pigeon.protocol.Command;
import dev.pigeon.protocol.DotStuffingOutputStream;
import dev.pigeon.protocol.EsmtpParameter;
import dev.pigeon.protocol.Mailbox;
import dev.pigeon.protocol.Reply;
import dev.pigeon.protocol.SmtpProtocolException;
import dev.pigeon.tls.CertificateFailure;
import dev.pigeon.tls.ClientTls;
import dev.pigeon.tls.HandshakeSummary;
import dev.pigeon.transport.Connection;
import dev.pigeon.transport.DataAfterStartTlsException;
import dev.pigeon.transport.Timeouts;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The SMTP dialogue on one connection, one method per command. Each returns the server's reply
 * as a value, whatever its code; only a broken transport or a malformed reply throws, as a
 * {@link SessionException} naming the stage.
 *
 * <p>Not thread-safe. The caller decides what a refusal means; {@link SmtpClient} is one caller.
 */
public final class ClientSession implements Closeable {
    private final Connection connection;
    private final Timeouts timeouts;
    private final SessionListener listener;
    private Capabilities capabilities = Capabilities.NONE;
    private boolean closed;
    private long contentBytesSent;
    /** The final reply of a transaction whose dot went out unflushed: read before any later reply. */
    private FinalReply deferred;

    public ClientSession(Connection connection, Timeouts timeouts, SessionListener listener) {
        this.connection = connection;
        this.timeouts = timeouts;
        this.listener = listener;
        connection.unixSocket().ifPresentOrElse(listener::connected,
                () -> listener.connected(connection.localAddress(), connection.remoteAddress()));
    }

    /** What the last successful EHLO (or LHLO) announced; {@link Capabilities#NONE} after HELO. */
    public Capabilities capabilities() {
        return capabilities;
    }

    /** Whether the connection runs over TLS now (implicit, or after a successful STARTTLS). */
    public boolean isTls() {
        return connection.isTls();
    }

    /** Whether the connection is a unix-domain socket (so without TLS). */
    public boolean isUnixDomain() {
        return connection.unixSocket().isPresent();
    }

    /**
     * Implicit TLS (RFC 8314): the handshake, before the greeting is read. The greeting timeout
     * bounds it.
     */
    public HandshakeSummary implicitTls(ClientTls tls, String host, int port) throws SessionException {
        return handshake(() -> connection.startImplicitTls(tls, host, port, timeouts.greeting()));
    }

    /**
     * Sends STARTTLS (RFC 3207). On 220 the TLS handshake follows at once and the capabilities
     * learnt before it are forgotten: the caller must EHLO again. Any other reply is returned
     * as it is and nothing changes.
     *
     * @throws SessionException at {@link Stage#TLS} when the server sent data after its 220 (the
     *     cause is a {@link DataAfterStartTlsException}), or the handshake failed (an
     *     {@link SSLException}; a refused certificate is named in the message)
     */
    public Reply startTls(ClientTls tls, String host, int port) throws SessionException {
        Reply reply = exchange(Stage.TLS, new Command.StartTls(), timeouts.command());
        if (reply.code() == 220) {
            capabilities = Capabilities.NONE;
            handshake(() -> connection.upgradeToTls(tls, host, port, timeouts.command()));
        }
        return reply;
    }

    private interface Handshake {
        HandshakeSummary run() throws IOException;
    }

    private HandshakeSummary handshake(Handshake handshake) throws SessionException {
        HandshakeSummary summary;
        try {
            summary = handshake.run();
        } catch (DataAfterStartTlsException e) {
            throw new SessionException(Stage.TLS, e.getMessage(), e, false);
        } catch (SSLException e) {
            String why = CertificateFailure.of(e).map(CertificateFailure::reason)
                    .orElseGet(() -> String.valueOf(e.getMessage()));
            throw new SessionException(Stage.TLS, "TLS handshake failed: " + why, e, false);
        } catch (IOException e) {
            throw failure(Stage.TLS, "during the TLS handshake", e, false);
        }
        listener.tlsStarted(summary);
        return summary;
    }

    /**
     * Authenticates (RFC 4954) with a started exchange: sends AUTH, answers each 334, and returns
     * the final reply (235 on success). The listener sees {@code AUTH <MECH> ****} and
     * {@code ****} for every response, never the secret or its base64.
     *
     * @throws AuthenticationException when the exchange fails on this side (a bad challenge, too
     *     many, or a SCRAM server that did not prove itself); the exchange was cancelled with
     *     {@code *} where the server still expected an answer
     */
    public Reply auth(SaslExchange exchange) throws SessionException, AuthenticationException {
        return new SaslDialogue(this, timeouts.command()).run(exchange);
    }

    /** Sends a line that is no command (a SASL response) and awaits the reply; {@code shown} goes to the listener. */
    Reply sendLine(Stage stage, String line, String shown, Duration timeout) throws SessionException {
        try {
            connection.sendLine(line);
        } catch (IOException e) {
            throw failure(stage, "sending an AUTH response", e, false);
        }
        listener.commandSent(shown);
        return await(stage, "the reply to an AUTH response", timeout);
    }

    public Reply greeting() throws SessionException {
        return await(Stage.GREETING, "the greeting", timeouts.greeting());
    }

    public Reply ehlo(String domain) throws SessionException {
        Reply reply = exchange(Stage.HELLO, new Command.Ehlo(domain), timeouts.command());
        capabilities = Capabilities.fromEhlo(reply);
        return reply;
    }

    /** LHLO (RFC 2033): LMTP's EHLO; the reply announces capabilities the same way. */
    public Reply lhlo(String domain) throws SessionException {
        Reply reply = exchange(Stage.HELLO, new Command.Lhlo(domain), timeouts.command());
        capabilities = Capabilities.fromEhlo(reply);
        return reply;
    }

    public Reply helo(String domain) throws SessionException {
        capabilities = Capabilities.NONE;
        return exchange(Stage.HELLO, new Command.Helo(domain), timeouts.command());
    }

    public Reply mail(Mailbox from, List<EsmtpParameter> parameters) throws SessionException {
        return exchange(Stage.MAIL, new Command.Mail(from, parameters), timeouts.mail());
    }

    public Reply rcpt(Mailbox to, List<EsmtpParameter> parameters) throws SessionException {
        return exchange(Stage.RCPT, new Command.Rcpt(to, parameters), timeouts.rcpt());
    }

    /**
     * Checks DATA's reply before any content: a positive reply other than 354 is a protocol error
     * (content sent then would be read as commands); a refusal is the caller's to report.
     */
    static void requireNoPositiveOtherThan354(Reply data) throws SessionException {
        if (data.code() != 354 && data.isPositive()) {
            throw new SessionException(Stage.DATA, "protocol error: the server answered DATA with " + data.code()
                    + ", not 354; no content sent", new SmtpProtocolException("DATA answered with " + data.code()),
                    false);
        }
    }

    public Reply data() throws SessionException {
        return exchange(Stage.DATA, new Command.Data(), timeouts.dataInitiation());
    }

    /**
     * Streams the content (after a 354) dot-stuffed with CRLF line endings and the final dot,
     * then waits for the final reply. A failure after the dot went out may hide a delivery.
     */
    public Reply content(MessageSource message) throws SessionException {
        sendContent(message);
        return await(Stage.CONTENT, "the reply to the end of data", timeouts.dataTermination(), true);
    }

    /**
     * Streams the content (after a 354) dot-stuffed with CRLF line endings and the final dot,
     * without waiting for a reply: for LMTP, whose replies (one per accepted recipient) the caller
     * reads with {@link #deliveryReply}.
     */
    public void sendContent(MessageSource message) throws SessionException {
        sendContent(message, true);
    }

    /**
     * Streams the content and the final dot like {@link #content}, but neither flushes nor waits:
     * the dot leaves with whatever is queued next (the next transaction's MAIL, RCPT and DATA; RFC
     * 2920 3.1 lets content be followed by commands in one group), and its reply is read before
     * any later one: by the next reply awaited, or by {@link FinalReply#get()}.
     */
    public FinalReply contentThenContinue(MessageSource message) throws SessionException {
        if (deferred != null) {
            throw new IllegalStateException("the previous transaction's final reply is still unread");
        }
        sendContent(message, false);
        deferred = new FinalReply(this);
        return deferred;
    }

    /** The reply to a final dot sent by {@link #contentThenContinue}; single-threaded, like the session. */
    public static final class FinalReply {
        private final ClientSession session;
        private Reply reply;
        private SessionException failure;

        private FinalReply(ClientSession session) {
            this.session = session;
        }

        /** The reply; waits for it (after flushing what is queued) when no later read did already. */
        public Reply get() throws SessionException {
            if (session.deferred == this) {
                session.readDeferred();
            }
            if (failure != null) {
                throw failure;
            }
            return reply;
        }
    }

    private void readDeferred() {
        FinalReply f = deferred;
        deferred = null;
        try {
            f.reply = read(Stage.CONTENT, "the reply to the end of data", timeouts.dataTermination(), true);
        } catch (SessionException e) {
            f.failure = e;
        }
    }

    private void sendContent(MessageSource message, boolean flush) throws SessionException {
        WireWrites wire = new WireWrites(connection.contentStream(timeouts.dataBlock(), flush));
        DotStuffingOutputStream stuffed =
                new DotStuffingOutputStream(listener.wantsContent() ? new TeeToListener(wire, listener) : wire);
        try {
            message.writeTo(stuffed);
        } catch (IOException e) {
            if (!wire.failed()) {
                // The source could not be read (a missing file, say): not the connection's fault.
                // No terminator was sent, so closing the session makes the server drop the message.
                throw new SessionException(Stage.CONTENT, "cannot read the message content: " + e.getMessage(), e,
                        false);
            }
            throw failure(Stage.CONTENT, "sending the message content", e, false);
        }
        try {
            stuffed.finish();
            if (flush) {
                connection.flush();
            }
        } catch (IOException e) {
            throw failure(Stage.CONTENT, "sending the message content", e, false);
        }
        contentBytesSent += stuffed.bytesWritten();
        listener.dataSent(stuffed.bytesWritten());
    }

    /**
     * Waits for one LMTP reply after the content (RFC 2033 4.2): the one for {@code recipient},
     * the next accepted recipient in RCPT order, each with the full data-termination deadline.
     */
    public Reply deliveryReply(Mailbox recipient) throws SessionException {
        return await(Stage.CONTENT, "the delivery reply for " + recipient, timeouts.dataTermination(), true);
    }

    /**
     * Queues a command without waiting for its reply (RFC 2920 pipelining). It leaves with
     * everything queued before it at the next {@link #awaitReply}, which flushes first; the
     * listener hears it now, in the order commands go on the wire.
     */
    public void queue(Stage stage, Command command) throws SessionException {
        try {
            connection.send(command);
        } catch (IOException e) {
            throw failure(stage, "sending " + command.verb(), e, false);
        }
        listener.commandSent(command.displayLine());
    }

    /**
     * Waits for the reply to a command sent with {@link #queue} or {@link #queueChunk}; replies
     * come in the order the commands went. The deadline is the one RFC 5321 gives that command.
     */
    public Reply awaitReply(Stage stage, Command command) throws SessionException {
        boolean afterLastChunk = command instanceof Command.Bdat bdat && bdat.last();
        return await(stage, "the reply to " + command.line(), timeoutFor(command), afterLastChunk);
    }

    private Duration timeoutFor(Command command) {
        return switch (command) {
            case Command.Mail m -> timeouts.mail();
            case Command.Rcpt r -> timeouts.rcpt();
            case Command.Data d -> timeouts.dataInitiation();
            case Command.Bdat b -> b.last() ? timeouts.dataTermination() : timeouts.dataBlock();
            default -> timeouts.command();
        };
    }

    /**
     * Queues one BDAT chunk (RFC 3030): the command line, then exactly its octets as they are.
     * The listener hears the command and, if it wants content, the octets.
     */
    public void queueChunk(Command.Bdat bdat, byte[] bytes, int length) throws SessionException {
        if (bdat.size() != length) {
            throw new IllegalArgumentException("BDAT " + bdat.size() + " with " + length + " octets");
        }
        try {
            connection.send(bdat);
            connection.contentStream(timeouts.dataBlock()).write(bytes, 0, length);
        } catch (IOException e) {
            throw failure(Stage.CONTENT, "sending " + bdat.line(), e, false);
        }
        listener.commandSent(bdat.line());
        if (listener.wantsContent()) {
            listener.contentSent(bytes, 0, length);
        }
        contentBytesSent += length;
    }

    /** The chunked content is complete: tells the listener how many content octets went. */
    public void chunksDone(long contentOctets) {
        listener.dataSent(contentOctets);
    }

    public Reply rset() throws SessionException {
        return exchange(Stage.MAIL, new Command.Rset(), timeouts.command());
    }

    public Reply noop() throws SessionException {
        return exchange(Stage.MAIL, new Command.Noop(), timeouts.command());
    }

    public Reply quit() throws SessionException {
        return exchange(Stage.QUIT, new Command.Quit(), timeouts.command());
    }

    /** Sends a command and waits for its reply. */
    public Reply exchange(Stage stage, Command command, Duration timeout) throws SessionException {
        try {
            connection.send(command);
        } catch (IOException e) {
            throw failure(stage, "sending " + command.verb(), e, false);
        }
        listener.commandSent(command.displayLine());
        return await(stage, "the reply to " + command.verb(), timeout);
    }

    private Reply await(Stage stage, String what, Duration timeout) throws SessionException {
        return await(stage, what, timeout, false);
    }

    private Reply await(Stage stage, String what, Duration timeout, boolean afterDot) throws SessionException {
        FinalReply earlier = deferred;
        if (earlier != null) {
            readDeferred(); // replies come in order: the earlier transaction's final one first
            if (earlier.failure != null) {
                throw new SessionException(stage, "the connection failed before " + what
                        + " (the previous message's final reply never came)", earlier.failure.getCause(), false);
            }
        }
        return read(stage, what, timeout, afterDot);
    }

    private Reply read(Stage stage, String what, Duration timeout, boolean afterDot) throws SessionException {
        Reply reply;
        try {
            reply = connection.readReply(timeout);
        } catch (IOException e) {
            throw failure(stage, "waiting for " + what, e, afterDot);
        }
        listener.replyReceived(reply);
        return reply;
    }

    private static SessionException failure(Stage stage, String doing, IOException e, boolean afterDot) {
        String why = switch (e) {
            case SocketTimeoutException t -> "timed out " + doing + " (" + t.getMessage() + ")";
            case EOFException eof -> "connection lost " + doing + ": " + eof.getMessage();
            case SmtpProtocolException p -> "protocol error " + doing + ": " + p.getMessage();
            default -> "connection failed " + doing + ": " + e.getMessage();
        };
        if (afterDot) {
            why += "; the message may or may not have been delivered (RFC 1047)";
        }
        return new SessionException(stage, why, e, afterDot);
    }

    /** Content bytes this session put on the wire, dot-stuffed, terminators included. */
    public long contentBytesSent() {
        return contentBytesSent;
    }

    public boolean isOpen() {
        return !closed && connection.isOpen();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (IOException ignored) {
            // the session is over either way
        }
        listener.closed();
    }

    /** Remembers whether a write to the connection failed, to tell a broken source from a broken wire. */
    private static final class WireWrites extends OutputStream {
        private final OutputStream out;
        private boolean failed;

        WireWrites(OutputStream out) {
            this.out = out;
        }

        boolean failed() {
            return failed;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }
    }

    /** Copies what goes on the wire to the listener, for {@code --show-data}. */
    private static final class TeeToListener extends OutputStream {
        private final OutputStream out;
        private final SessionListener listener;

        TeeToListener(OutputStream out, SessionListener listener) {
            this.out = out;
            this.listener = listener;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            listener.contentSent(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
