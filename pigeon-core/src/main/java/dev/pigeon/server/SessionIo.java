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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The session's side of one connection: the socket it currently talks over (plain, then perhaps
 * TLS), buffered replies and the {@link SessionInput} for commands and DATA. STARTTLS and implicit
 * TLS swap the socket here; the session only asks for {@link #input()} again.
 *
 * <p>Reads and writes run under the connection's {@link SocketDeadlines}. Writes hold a lock, so
 * the server's {@link #goodbye} can slip a 421 between two replies from another thread.
 */
final class SessionIo {
    private final Socket plain;
    private final SocketDeadlines deadlines;
    private final ReentrantLock writing = new ReentrantLock();
    /** The socket talked over now: {@code plain}, or the TLS socket layered on it. */
    private volatile Socket socket;
    private OutputStream out;
    private SessionInput in;
    private HandshakeSummary tls;
    /** False while a TLS handshake runs: no plaintext reply may go out then. */
    private volatile boolean talking = true;

    SessionIo(Socket plain, ServerLimits limits) throws IOException {
        this.plain = plain;
        this.deadlines = new SocketDeadlines(plain, limits);
        attach(plain);
    }

    private void attach(Socket s) throws IOException {
        socket = s;
        out = new BufferedOutputStream(deadlines.writes(s.getOutputStream()), 8 * 1024);
        in = new SessionInput(deadlines.reads(s, s.getInputStream()), this::flush);
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
        writing.lock();
        try {
            out.write(reply.toBytes());
        } finally {
            writing.unlock();
        }
    }

    void flush() throws IOException {
        writing.lock();
        try {
            out.flush();
        } finally {
            writing.unlock();
        }
    }

    /**
     * What the next reads must keep to: no silence longer than {@code silence}, and all of it
     * (a command line, an AUTH exchange, a DATA content) within {@code whole}, starting now.
     */
    void expect(Duration silence, Duration whole) {
        deadlines.expect(silence, whole);
    }

    /**
     * From another thread: sends the replies already queued and then {@code reply}, and closes
     * the connection, all within {@code limit} (the socket is closed at the limit whatever
     * happens). Nothing is said during a TLS handshake.
     */
    void goodbye(Reply reply, Duration limit) {
        ScheduledFuture<?> stop = deadlines.closeAfter(limit);
        try {
            if (writing.tryLock(limit.toNanos(), TimeUnit.NANOSECONDS)) {
                try {
                    if (talking) {
                        out.write(reply.toBytes());
                        out.flush();
                    }
                } finally {
                    writing.unlock();
                }
            }
        } catch (IOException e) {
            // the client is gone, or stopped reading
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stop.cancel(false);
            close();
        }
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
        writing.lock();
        try {
            out.flush();
            talking = false;
        } finally {
            writing.unlock();
        }
        int discarded = in.discardBuffered();
        InetSocketAddress peer = peer();
        SSLSocket ssl = (SSLSocket) context.getSocketFactory()
                .createSocket(plain, peer.getHostString(), peer.getPort(), true);
        ssl.setUseClientMode(false);
        handshake(ssl, deadline);
        tls = HandshakeSummary.of(ssl.getSession());
        writing.lock();
        try {
            attach(ssl);
            talking = true;
        } finally {
            writing.unlock();
        }
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
