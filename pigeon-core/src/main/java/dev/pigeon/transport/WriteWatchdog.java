package dev.pigeon.transport;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Java socket writes have no timeout: a peer that stops reading blocks us forever once the send
 * buffer fills. The watchdog closes the socket when a write outlives its deadline, which makes
 * the blocked write fail.
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

    /** Timers waiting to fire (live writes); for tests. */
    static int queued() {
        return TIMER.getQueue().size();
    }
}
