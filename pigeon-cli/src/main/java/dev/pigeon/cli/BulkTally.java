package dev.pigeon.cli;

import dev.pigeon.outbox.AttemptRecord;
import dev.pigeon.outbox.DeliveryState;
import dev.pigeon.outbox.OutboxListener;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts a run's attempts for the progress line and the summary: per state, latencies of
 * deliveries, and refusal reasons (reply code and enhanced status with its text, or the failure).
 */
final class BulkTally implements OutboxListener {
    private final Map<DeliveryState, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();
    private final AtomicInteger pending = new AtomicInteger();
    private long[] latencies = new long[1024];
    private int latencyCount;
    private final long startNanos = System.nanoTime();

    @Override
    public void started(int pendingAtStart) {
        pending.set(pendingAtStart);
    }

    @Override
    public void queued(int more) {
        pending.addAndGet(more);
    }

    @Override
    public void attempted(AttemptRecord r) {
        counts.computeIfAbsent(r.state(), s -> new LongAdder()).increment();
        if (r.state() == DeliveryState.DELIVERED) {
            addLatency(r.latency().toNanos());
        } else {
            reasons.computeIfAbsent(Text.oneLine(shorten(r.summary())), k -> new LongAdder()).increment();
        }
        if (r.state() != DeliveryState.DEFERRED) {
            pending.decrementAndGet();
        }
    }

    @Override
    public void connectionFailed(String destination, String why) {
        reasons.computeIfAbsent(Text.oneLine(shorten(destination + ": " + why)), k -> new LongAdder()).increment();
    }

    long count(DeliveryState s) {
        LongAdder a = counts.get(s);
        return a == null ? 0 : a.sum();
    }

    /** Entries not yet settled for good (deferred ones included). */
    int pending() {
        return Math.max(0, pending.get());
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Settled entries (delivered, bounced, unknown) per second so far. */
    double rate() {
        double s = elapsedSeconds();
        long done = count(DeliveryState.DELIVERED) + count(DeliveryState.BOUNCED) + count(DeliveryState.UNKNOWN);
        return s > 0 ? done / s : 0;
    }

    private synchronized void addLatency(long nanos) {
        if (latencyCount == latencies.length) {
            latencies = Arrays.copyOf(latencies, latencyCount * 2);
        }
        latencies[latencyCount++] = nanos;
    }

    /** The latency percentile {@code p} (0-100) of deliveries, in milliseconds; NaN when none. */
    synchronized double percentileMillis(double p) {
        if (latencyCount == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(latencies, latencyCount);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100 * latencyCount) - 1;
        return sorted[Math.max(0, Math.min(latencyCount - 1, index))] / 1e6;
    }

    /** The {@code n} commonest refusal reasons, most frequent first. */
    List<Map.Entry<String, Long>> topReasons(int n) {
        return reasons.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue().sum()))
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(n).toList();
    }

    private static String shorten(String s) {
        return s.length() > 100 ? s.substring(0, 97) + "..." : s;
    }
}
