package dev.pigeon.outbox;

/**
 * The clock and the sleep a {@link RateLimiter} uses; tests pass a fake one that records sleeps
 * instead of taking them.
 */
public interface Pacer {
    Pacer SYSTEM = new Pacer() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    };

    long nanoTime();

    void sleepNanos(long nanos) throws InterruptedException;
}
