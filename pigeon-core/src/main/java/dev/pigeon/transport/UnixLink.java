package dev.pigeon.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A unix-domain socket (RFC 2033's usual home for LMTP). Its channel streams ignore
 * {@code SO_TIMEOUT}, so each read is guarded like a write: a watchdog closes the channel when the
 * read outlives its deadline, which ends the blocked read. A timed-out link is closed for good,
 * which costs nothing: a session gives up on a connection whose reply did not come.
 */
final class UnixLink implements Link {
    private final SocketChannel channel;
    private final Path path;
    private final InputStream in;
    private final OutputStream out;
    /** Set once a watchdog closed the channel: every later failure is that timeout's consequence. */
    private final AtomicBoolean timedOut = new AtomicBoolean();

    UnixLink(SocketChannel channel, Path path) {
        this.channel = channel;
        this.path = path;
        this.in = Channels.newInputStream(channel);
        this.out = Channels.newOutputStream(channel);
    }

    Path path() {
        return path;
    }

    @Override
    public int read(byte[] buffer, long timeoutNanos) throws IOException {
        return WriteWatchdog.guard(channel, Duration.ofNanos(Math.max(1, timeoutNanos)), timedOut,
                () -> "read timed out", () -> in.read(buffer));
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
