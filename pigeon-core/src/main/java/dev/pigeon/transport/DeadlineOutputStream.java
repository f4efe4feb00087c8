package dev.pigeon.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds every write (and flush) to the socket by a deadline, per RFC 5321's "data block" timer:
 * one {@link Watch} for the stream's life, marked at the start and end of each write.
 */
final class DeadlineOutputStream extends OutputStream {
    private final OutputStream out;
    private final Watch watch;
    private volatile Duration limit;

    DeadlineOutputStream(OutputStream out, Closeable socket, Duration limit) {
        this.out = out;
        this.watch = WriteWatchdog.watch(socket, new AtomicBoolean());
        this.limit = limit;
    }

    void limit(Duration limit) {
        this.limit = limit;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Duration writeLimit = limit;
        long call = watch.begin(WriteWatchdog.nanos(writeLimit));
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw failure(e, writeLimit);
        } finally {
            watch.end(call);
        }
    }

    @Override
    public void flush() throws IOException {
        Duration flushLimit = limit;
        long call = watch.begin(WriteWatchdog.nanos(flushLimit));
        try {
            out.flush();
        } catch (IOException e) {
            throw failure(e, flushLimit);
        } finally {
            watch.end(call);
        }
    }

    private IOException failure(IOException e, Duration writeLimit) {
        return watch.failure(e, () -> "the server stopped reading for " + Connection.describe(writeLimit));
    }

    /**
     * Leaves the watchdog's registry without closing the socket (when the connection is closed by
     * other means, or its streams are replaced). A stream that is only dropped leaves it once
     * collected.
     */
    void unwatch() {
        watch.close();
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            unwatch();
        }
    }
}
