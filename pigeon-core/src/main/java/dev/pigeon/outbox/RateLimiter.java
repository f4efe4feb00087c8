package dev.pigeon.outbox;

/**
 * At most {@code perSecond} messages a second over all connections: each caller is given the next
 * free time slot, one every {@code 1/perSecond} seconds, and waits for it. Bursts up to one second's
 * worth are allowed after an idle spell (a token bucket of that size).
 */
public final class RateLimiter {
    private final long intervalNanos;
    private final long burstNanos;
    private final Pacer pacer;
    private long nextSlot;
    private boolean started;

    public RateLimiter(double perSecond, Pacer pacer) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + perSecond);
        }
        this.intervalNanos = Math.max(1, (long) (1e9 / perSecond));
        this.burstNanos = Math.max(0, 1_000_000_000L - intervalNanos);
        this.pacer = pacer;
    }

    /** Waits for the caller's slot. */
    public void acquire() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = pacer.nanoTime();
            if (!started) {
                started = true;
                nextSlot = now;
            }
            // Unused slots older than the burst window are forfeit.
            long slot = Math.max(nextSlot, now - burstNanos);
            nextSlot = slot + intervalNanos;
            wait = slot - now;
        }
        if (wait > 0) {
            pacer.sleepNanos(wait);
        }
    }
}
