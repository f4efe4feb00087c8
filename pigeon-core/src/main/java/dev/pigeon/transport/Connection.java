package dev.pigeon.transport;

import dev.pigeon.protocol.Command;
import dev.pigeon.protocol.CommandEncoder;
import dev.pigeon.protocol.Reply;
import dev.pigeon.protocol.ReplyDecoder;
import dev.pigeon.tls.ClientTls;
import dev.pigeon.tls.HandshakeSummary;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLSocket;

/**
 * One connection to an SMTP (or LMTP) peer, over TCP or a unix-domain socket: owns the socket,
 * the output buffer and the reply decoder.
 *
 * <p>Commands are buffered until a reply is awaited (so pipelined commands leave in one segment);
 * {@link #readReply} flushes first. Not thread-safe: one session drives one connection.
 *
 * <p>TLS replaces the streams: {@link #upgradeToTls} after a 220 to STARTTLS (refusing when the
 * server sent anything beyond that reply, the CVE-2011-0411 class of injection), or
 * {@link #startImplicitTls} right after connecting (RFC 8314). Bytes read before TLS never reach a
 * reply read after it: the decoder is reset. TLS needs TCP: a unix-domain connection has none.
 */
public final class Connection implements Closeable {
    private static final int READ_CHUNK = 8192;

    private final Duration writeLimit;
    private final ReplyDecoder decoder = new ReplyDecoder();
    private final byte[] readBuffer = new byte[READ_CHUNK];
    private Link link;
    private DeadlineOutputStream deadlineOut;
    private OutputStream out;
    private boolean unflushed;
    private boolean tls;

    Connection(Socket socket, Duration writeLimit) throws IOException {
        this(SocketLink.of(socket), writeLimit);
    }

    Connection(Link link, Duration writeLimit) throws IOException {
        this.writeLimit = writeLimit;
        useStreamsOf(link);
    }

    private void useStreamsOf(Link l) throws IOException {
        if (deadlineOut != null) {
            deadlineOut.unwatch(); // the plaintext stream under TLS is done with
        }
        this.link = l;
        this.deadlineOut = new DeadlineOutputStream(l.output(), l, writeLimit);
        this.out = new BufferedOutputStream(deadlineOut, 16 * 1024);
    }

    /** Wraps an already connected socket (for tests and for callers that connect themselves). */
    public static Connection over(Socket socket, Duration writeLimit) throws IOException {
        return new Connection(socket, writeLimit);
    }

    /** @throws IllegalStateException on a unix-domain connection (see {@link #unixSocket()}) */
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) tcp().socket().getRemoteSocketAddress();
    }

    /** @throws IllegalStateException on a unix-domain connection (see {@link #unixSocket()}) */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) tcp().socket().getLocalSocketAddress();
    }

    /** The socket file of a unix-domain connection; empty over TCP. */
    public Optional<Path> unixSocket() {
        return link instanceof UnixLink unix ? Optional.of(unix.path()) : Optional.empty();
    }

    private SocketLink tcp() {
        if (link instanceof SocketLink tcp) {
            return tcp;
        }
        throw new IllegalStateException("a unix-domain connection has no IP addresses and no TLS");
    }

    /** Queues a command; it leaves when a reply is awaited or {@link #flush()} is called. */
    public void send(Command command) throws IOException {
        out.write(CommandEncoder.encode(command));
        unflushed = true;
    }

    /**
     * Queues a line that is not a command (a SASL response, or {@code *} to cancel one), with CRLF.
     * The line must be ASCII without controls.
     */
    public void sendLine(String line) throws IOException {
        byte[] bytes = new byte[line.length() + 2];
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException("a protocol line must be printable ASCII");
            }
            bytes[i] = (byte) c;
        }
        bytes[line.length()] = '\r';
        bytes[line.length() + 1] = '\n';
        out.write(bytes);
        unflushed = true;
    }

    /** The stream for the message content, bounded per write by {@code writeLimit}. */
    public OutputStream contentStream(Duration writeLimit) {
        return contentStream(writeLimit, true);
    }

    /**
     * The stream for the message content, bounded per write by {@code writeLimit}; with
     * {@code flushes} off its {@code flush()} does nothing, so the content's end (the final dot)
     * waits in the buffer for whatever is queued next and leaves in the same write.
     */
    public OutputStream contentStream(Duration writeLimit, boolean flushes) {
        deadlineOut.limit(writeLimit);
        unflushed = true;
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                if (flushes) {
                    out.flush();
                }
            }

            @Override
            public void close() {
                // the socket outlives the message; the session closes it
            }
        };
    }

    public void flush() throws IOException {
        out.flush();
        unflushed = false;
    }

    /**
     * Reads the next reply. The deadline is fixed now, so a server that drips bytes slowly still
     * runs out of time; a reply already buffered returns at once.
     */
    public Reply readReply(Duration timeout) throws IOException {
        if (unflushed) {
            flush();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Reply reply = decoder.poll();
        while (reply == null) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw timedOut(timeout);
            }
            int n;
            try {
                n = link.read(readBuffer, remaining);
            } catch (SocketTimeoutException e) {
                throw timedOut(timeout);
            }
            if (n < 0) {
                throw new EOFException(decoder.buffered() > 0
                        ? "the server closed the connection in the middle of a reply"
                        : "the server closed the connection");
            }
            decoder.feed(readBuffer, 0, n);
            reply = decoder.poll();
        }
        return reply;
    }

    /** Bytes that arrived but belong to no reply returned so far. */
    public int bufferedInput() {
        return decoder.buffered();
    }

    /** Whether the streams run over TLS now. */
    public boolean isTls() {
        return tls;
    }

    /**
     * Layers TLS over the connection after the server's 220 to STARTTLS, and handshakes within
     * {@code timeout}. Refuses first, with {@link DataAfterStartTlsException}, when any byte beyond
     * that reply has arrived, read or not: a server (or a man in the middle) that sends ahead is
     * trying to get plaintext read as if it came under TLS.
     *
     * @throws DataAfterStartTlsException when bytes followed the 220; nothing was sent
     * @throws javax.net.ssl.SSLException when the handshake fails (a refused certificate among
     *     other reasons: see {@link dev.pigeon.tls.CertificateFailure#of})
     */
    public HandshakeSummary upgradeToTls(ClientTls clientTls, String host, int port, Duration timeout)
            throws IOException {
        if (tls) {
            throw new IllegalStateException("the connection already runs over TLS");
        }
        tcp();
        int early = decoder.buffered() + link.available();
        if (early > 0) {
            throw new DataAfterStartTlsException(early);
        }
        return handshake(clientTls, host, port, timeout);
    }

    /** Starts TLS before any SMTP byte is read (implicit TLS, RFC 8314, port 465). */
    public HandshakeSummary startImplicitTls(ClientTls clientTls, String host, int port, Duration timeout)
            throws IOException {
        if (tls || decoder.buffered() > 0) {
            throw new IllegalStateException("implicit TLS must start before anything is read");
        }
        return handshake(clientTls, host, port, timeout);
    }

    private HandshakeSummary handshake(ClientTls clientTls, String host, int port, Duration timeout)
            throws IOException {
        Socket socket = tcp().socket();
        flush();
        decoder.reset();
        SSLSocket secure = clientTls.layer(socket, host, port);
        socket.setSoTimeout((int) Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE));
        // The TLS socket closes the plain one; until the handshake ends nothing else reads it.
        useStreamsOf(SocketLink.of(secure));
        tls = true;
        try {
            secure.startHandshake();
        } catch (SocketTimeoutException e) {
            throw timedOut("TLS handshake", timeout);
        }
        return HandshakeSummary.of(secure.getSession());
    }

    public boolean isOpen() {
        return link.isOpen();
    }

    private static SocketTimeoutException timedOut(Duration timeout) {
        return timedOut("no complete reply", timeout);
    }

    private static SocketTimeoutException timedOut(String what, Duration timeout) {
        return new SocketTimeoutException(what + " within " + describe(timeout));
    }

    static String describe(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }

    @Override
    public void close() throws IOException {
        deadlineOut.unwatch();
        link.close();
    }
}
