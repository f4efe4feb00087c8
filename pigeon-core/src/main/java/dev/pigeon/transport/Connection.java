package dev.pigeon.transport;

import dev.pigeon.protocol.Command;
import dev.pigeon.protocol.CommandEncoder;
import dev.pigeon.protocol.Reply;
import dev.pigeon.protocol.ReplyDecoder;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * One TCP connection to an SMTP peer: owns the socket, the output buffer and the reply decoder.
 *
 * <p>Commands are buffered until a reply is awaited (so pipelined commands leave in one segment);
 * {@link #readReply} flushes first. Not thread-safe: one session drives one connection.
 */
public final class Connection implements Closeable {
    private static final int READ_CHUNK = 8192;

    private final Socket socket;
    private final InputStream in;
    private final DeadlineOutputStream deadlineOut;
    private final OutputStream out;
    private final ReplyDecoder decoder = new ReplyDecoder();
    private final byte[] readBuffer = new byte[READ_CHUNK];
    private boolean unflushed;

    Connection(Socket socket, Duration writeLimit) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.deadlineOut = new DeadlineOutputStream(socket.getOutputStream(), socket, writeLimit);
        this.out = new BufferedOutputStream(deadlineOut, 16 * 1024);
    }

    /** Wraps an already connected socket (for tests and for callers that connect themselves). */
    public static Connection over(Socket socket, Duration writeLimit) throws IOException {
        return new Connection(socket, writeLimit);
    }

    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Queues a command; it leaves when a reply is awaited or {@link #flush()} is called. */
    public void send(Command command) throws IOException {
        out.write(CommandEncoder.encode(command));
        unflushed = true;
    }

    /** The stream for the message content, bounded per write by {@code writeLimit}. */
    public OutputStream contentStream(Duration writeLimit) {
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
                out.flush();
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
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (remaining + 999_999) / 1_000_000)));
            int n;
            try {
                n = in.read(readBuffer);
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

    public boolean isOpen() {
        return !socket.isClosed();
    }

    private static SocketTimeoutException timedOut(Duration timeout) {
        return new SocketTimeoutException("no complete reply within " + describe(timeout));
    }

    static String describe(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
