package dev.pigeon.server;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The deadlines of one connection. A socket read timeout bounds only a silence: a client that
 * drips a byte every few seconds (slowloris) would hold a session forever. So every read here
 * also counts against a deadline for the whole command (or the whole DATA content): the read
 * timeout is set to what is left of it, and when nothing is left the read fails with
 * {@link Expired}, which the session answers with 421.
 *
 * <p>Two things a read timeout cannot bound are left to a watchdog that closes the socket: a
 * write to a client that never reads (Java socket writes have no timeout), and a TLS record
 * dripped byte by byte (the TLS layer reads a whole record before returning). The watchdog
 * fires a second after the read deadline, so the read timeout normally wins and the client gets
 * its 421.
 */
final class SocketDeadlines {
    private static final long READ_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    /** A whole command or DATA content took longer than its deadline. */
    static final class Expired extends SocketTimeoutException {
        Expired(String what) {
            super(what);
        }
    }

    private final Socket plain;
    private final Duration writeTimeout;
    private volatile Duration silence;
    private volatile long deadline;
    private volatile boolean writeExpired;

    SocketDeadlines(Socket plain, ServerLimits limits) {
        this.plain = plain;
        this.writeTimeout = limits.writeTimeout();
        expect(limits.idleTimeout(), limits.commandTimeout());
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "pigeon-server-watchdog");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true); // one timer per read: cancelled ones must not pile up
        return timer;
    }

    /** From now on: no silence longer than {@code silence}, and everything within {@code whole}. */
    void expect(Duration silence, Duration whole) {
        this.silence = silence;
        this.deadline = System.nanoTime() + whole.toNanos();
    }

    /** Closes the connection after {@code limit} unless cancelled first. */
    ScheduledFuture<?> closeAfter(Duration limit) {
        return closeAfterNanos(limit.toNanos(), () -> {});
    }

    private ScheduledFuture<?> closeAfterNanos(long nanos, Runnable before) {
        return TIMER.schedule(() -> {
            before.run();
            try {
                plain.close();
            } catch (IOException e) {
                // closing is all there is to do
            }
        }, nanos, TimeUnit.NANOSECONDS);
    }

    /** {@code in} read under the current deadline; {@code socket} is the one its timeout is set on. */
    InputStream reads(Socket socket, InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new Expired("deadline passed");
                }
                long millis = Math.min(silence.toMillis(), TimeUnit.NANOSECONDS.toMillis(left) + 1);
                socket.setSoTimeout((int) Math.max(1, millis));
                ScheduledFuture<?> backstop = closeAfterNanos(left + READ_GRACE_NANOS, () -> {});
                try {
                    return in.read(b, off, len);
                } catch (SocketTimeoutException e) {
                    throw deadline - System.nanoTime() <= 0 ? new Expired("deadline passed") : e;
                } finally {
                    backstop.cancel(false);
                }
            }
        };
    }

    /** {@code out} written under the write timeout: a write that blocks longer closes the connection. */
    OutputStream writes(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ScheduledFuture<?> watchdog = armWrite();
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    throw writeFailure(e);
                } finally {
                    watchdog.cancel(false);
                }
            }

            @Override
            public void flush() throws IOException {
                ScheduledFuture<?> watchdog = armWrite();
                try {
                    out.flush();
                } catch (IOException e) {
                    throw writeFailure(e);
                } finally {
                    watchdog.cancel(false);
                }
            }
        };
    }

    private ScheduledFuture<?> armWrite() {
        return closeAfterNanos(writeTimeout.toNanos(), () -> writeExpired = true);
    }

    private IOException writeFailure(IOException e) {
        return writeExpired ? new IOException("write blocked longer than " + writeTimeout.toMillis() + " ms", e) : e;
    }
}
