package dev.pigeon.server;

import dev.pigeon.protocol.Reply;
import dev.pigeon.tls.HandshakeSummary;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The session's side of one connection: the socket it currently talks over (plain, then perhaps
 * TLS), buffered replies and the {@link SessionInput} for commands and DATA. STARTTLS and implicit
 * TLS swap the socket here; the session only asks for {@link #input()} again.
 */
final class SessionIo {
    private final Socket plain;
    private Socket socket;
    private OutputStream out;
    private SessionInput in;
    private HandshakeSummary tls;

    SessionIo(Socket plain) throws IOException {
        this.plain = plain;
        attach(plain);
    }

    private void attach(Socket s) throws IOException {
        socket = s;
        out = new BufferedOutputStream(s.getOutputStream(), 8 * 1024);
        in = new SessionInput(s.getInputStream(), out::flush);
    }

    /** The current input; a new one after TLS starts, so never keep it across a STARTTLS. */
    SessionInput input() {
        return in;
    }

    /** The finished handshake, once TLS is active. */
    Optional<HandshakeSummary> tls() {
        return Optional.ofNullable(tls);
    }

    InetSocketAddress peer() {
        return (InetSocketAddress) plain.getRemoteSocketAddress();
    }

    void write(Reply reply) throws IOException {
        out.write(reply.toBytes());
    }

    void flush() throws IOException {
        out.flush();
    }

    /** The longest silence tolerated while reading. */
    void readTimeout(Duration d) throws IOException {
        socket.setSoTimeout((int) d.toMillis());
    }

    /**
     * Flushes pending replies, drops every buffered plaintext byte, and runs the server side of a
     * TLS handshake over the same connection; the whole handshake must finish within
     * {@code deadline} (a watchdog closes the socket otherwise, so a trickling client cannot hold
     * it open). The unread bytes are deliberately not handed to the TLS socket: commands pipelined
     * after STARTTLS are discarded, never executed as if sent under TLS (CVE-2011-0411).
     *
     * @return how many buffered plaintext bytes were discarded
     * @throws IOException when the handshake fails or times out; the connection is then unusable
     */
    int startTls(SSLContext context, Duration deadline) throws IOException {
        out.flush();
        int discarded = in.discardBuffered();
        InetSocketAddress peer = peer();
        SSLSocket ssl = (SSLSocket) context.getSocketFactory()
                .createSocket(plain, peer.getHostString(), peer.getPort(), true);
        ssl.setUseClientMode(false);
        handshake(ssl, deadline);
        tls = HandshakeSummary.of(ssl.getSession());
        attach(ssl);
        return discarded;
    }

    private static void handshake(SSLSocket ssl, Duration deadline) throws IOException {
        ssl.setSoTimeout((int) Math.max(1, deadline.toMillis()));
        CountDownLatch done = new CountDownLatch(1);
        Thread watchdog = Thread.ofVirtual().name("pigeon-tls-deadline").start(() -> {
            try {
                if (!done.await(deadline.toNanos(), TimeUnit.NANOSECONDS)) {
                    ssl.close();
                }
            } catch (InterruptedException | IOException e) {
                // the session ends either way
            }
        });
        try {
            ssl.startHandshake();
        } finally {
            done.countDown();
        }
        try {
            watchdog.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ssl.isClosed()) {
            throw new IOException("TLS handshake did not finish within " + deadline.toMillis() + " ms");
        }
    }

    /**
     * Closes the connection. Under TLS it sends close_notify first but does not wait for the
     * client's (the JDK's {@code SSLSocket.close()} may block reading it until the idle timeout);
     * after QUIT, or when giving up on a client, there is nothing left to protect from truncation.
     */
    void close() {
        if (socket instanceof SSLSocket ssl) {
            try {
                ssl.shutdownOutput();
            } catch (IOException | UnsupportedOperationException e) {
                // the client went first, or the handshake never finished
            }
        }
        try {
            plain.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
