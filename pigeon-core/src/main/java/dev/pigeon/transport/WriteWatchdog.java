package dev.pigeon.transport;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Java socket writes have no timeout: a peer that stops reading blocks us forever once the send
 * buffer fills. The watchdog closes the socket when a write outlives its deadline, which makes
 * the blocked write fail. Unix-domain reads and connects, which ignore {@code SO_TIMEOUT}, are
 * bounded the same way ({@link #guard}).
 */
final class WriteWatchdog {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private WriteWatchdog() {}

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "pigeon-write-watchdog");
            t.setDaemon(true);
            return t;
        });
        // One timer per write: without this, every cancelled timer stays queued until its deadline
        // (3 minutes by default), so a 1 GiB DATA would leave ~65,000 dead tasks on the heap.
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Arms a timer that closes {@code target} after {@code limit}; cancel it when the write ends. */
    static ScheduledFuture<?> arm(Closeable target, Duration limit, Runnable onFire) {
        return TIMER.schedule(() -> {
            onFire.run();
            try {
                target.close();
            } catch (IOException ignored) {
                // closing is the whole point; a failure to close leaves nothing else to do
            }
        }, limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A blocking I/O call that a watchdog bounds. */
    interface IoCall<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code call}, closing {@code target} if it outlives {@code limit}. Once the timer fired
     * ({@code fired} is set, and stays set for the caller's later calls), a failure is reported as
     * a {@link SocketTimeoutException} with {@code timeoutMessage}, caused by the original failure.
     */
    static <T> T guard(Closeable target, Duration limit, AtomicBoolean fired, Supplier<String> timeoutMessage,
            IoCall<T> call) throws IOException {
        ScheduledFuture<?> timer = arm(target, limit, () -> fired.set(true));
        try {
            return call.run();
        } catch (IOException e) {
            if (fired.get()) {
                SocketTimeoutException t = new SocketTimeoutException(timeoutMessage.get());
                t.initCause(e);
                throw t;
            }
            throw e;
        } finally {
            timer.cancel(false);
        }
    }

    /** Timers waiting to fire (live writes); for tests. */
    static int queued() {
        return TIMER.getQueue().size();
    }
}
