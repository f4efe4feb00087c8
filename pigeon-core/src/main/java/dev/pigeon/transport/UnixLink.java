package dev.pigeon.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
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
    /** One watch for the link's life: each read marks it, nothing is registered per read. */
    private final Watch watch;

    UnixLink(SocketChannel channel, Path path) {
        this.channel = channel;
        this.path = path;
        this.in = Channels.newInputStream(channel);
        this.out = Channels.newOutputStream(channel);
        // The flag is set once the watchdog closed the channel: every later failure is that timeout's.
        this.watch = WriteWatchdog.watch(channel, new AtomicBoolean());
    }

    Path path() {
        return path;
    }

    @Override
    public int read(byte[] buffer, long timeoutNanos) throws IOException {
        long call = watch.begin(Math.max(1, timeoutNanos));
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw watch.failure(e, () -> "read timed out");
        } finally {
            watch.end(call);
        }
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
        try {
            channel.close();
        } finally {
            watch.close();
        }
    }
}
