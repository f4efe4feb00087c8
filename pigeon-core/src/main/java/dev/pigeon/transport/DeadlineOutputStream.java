package dev.pigeon.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** Bounds every write (and flush) to the socket by a deadline, per RFC 5321's "data block" timer. */
final class DeadlineOutputStream extends OutputStream {
    private final OutputStream out;
    private final Closeable socket;
    private volatile Duration limit;
    private final AtomicBoolean fired = new AtomicBoolean();

    DeadlineOutputStream(OutputStream out, Closeable socket, Duration limit) {
        this.out = out;
        this.socket = socket;
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
        guarded(() -> {
            out.write(b, off, len);
            return null;
        });
    }

    @Override
    public void flush() throws IOException {
        guarded(() -> {
            out.flush();
            return null;
        });
    }

    private void guarded(WriteWatchdog.IoCall<Void> call) throws IOException {
        WriteWatchdog.guard(socket, limit, fired,
                () -> "the server stopped reading for " + Connection.describe(limit), call);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
