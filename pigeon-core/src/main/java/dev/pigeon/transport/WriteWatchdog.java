package dev.pigeon.transport;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Java socket writes have no timeout: a peer that stops reading blocks us forever once the send
 * buffer fills. The watchdog closes the socket when a write outlives its deadline, which makes
 * the blocked write fail.
 */
final class WriteWatchdog {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pigeon-write-watchdog");
        t.setDaemon(true);
        return t;
    });

    private WriteWatchdog() {}

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
}
