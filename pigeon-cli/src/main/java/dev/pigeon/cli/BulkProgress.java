package dev.pigeon.cli;

import dev.pigeon.outbox.DeliveryState;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * The progress of a run on standard error: on a terminal one line redrawn in place ({@code \r})
 * ten times a second; otherwise a plain line every {@code interval}. Each tick also runs
 * {@code alsoEachTick} (flushing the report).
 */
final class BulkProgress implements AutoCloseable {
    private final BulkTally tally;
    private final PrintStream err;
    private final boolean terminal;
    private final Thread thread;
    private volatile boolean running = true;
    private int lastWidth;

    BulkProgress(BulkTally tally, PrintStream err, boolean terminal, Duration interval, Runnable alsoEachTick) {
        this.tally = tally;
        this.err = err;
        this.terminal = terminal;
        long millis = terminal ? 100 : Math.max(100, interval.toMillis());
        this.thread = Thread.ofPlatform().daemon().name("pigeon-progress").start(() -> {
            while (running) {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    return;
                }
                tick(alsoEachTick);
            }
        });
    }

    /** Under the lock {@link #close()} takes: once it returned, no tick flushes or draws any more. */
    private synchronized void tick(Runnable alsoEachTick) {
        if (running) {
            alsoEachTick.run();
            draw();
        }
    }

    static String line(BulkTally t) {
        double rate = t.rate();
        int left = t.pending();
        String eta = rate > 0 && left > 0 ? " ETA " + clock(Duration.ofSeconds((long) Math.ceil(left / rate))) : "";
        return String.format(Locale.ROOT, "delivered %d  deferred %d  bounced %d  unknown %d  |  %.0f msg/s  |  left %d%s",
                t.count(DeliveryState.DELIVERED), t.count(DeliveryState.DEFERRED), t.count(DeliveryState.BOUNCED),
                t.count(DeliveryState.UNKNOWN), rate, left, eta);
    }

    static String clock(Duration d) {
        long s = d.toSeconds();
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    private synchronized void draw() {
        String line = line(tally);
        if (terminal) {
            int pad = Math.max(0, lastWidth - line.length());
            err.print("\r" + line + " ".repeat(pad));
            lastWidth = line.length();
        } else {
            err.println(line);
        }
        err.flush();
    }

    @Override
    public synchronized void close() {
        running = false;
        thread.interrupt();
        if (terminal && lastWidth > 0) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
            err.flush();
        }
    }
}
