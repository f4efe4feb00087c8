package dev.pigeon.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to try a deferred message again: exponential backoff from {@code initial}, multiplied by
 * {@code factor} per attempt up to {@code max}, with "equal jitter" (a random half of the delay is
 * dropped) so that messages deferred together do not return together. Gives up after
 * {@code maxAttempts} attempts or once the message is older than {@code maxAge}.
 */
public record RetryPolicy(Duration initial, Duration max, double factor, int maxAttempts, Duration maxAge) {
    public RetryPolicy {
        if (initial.isNegative() || max.compareTo(initial) < 0 || factor < 1 || maxAttempts < 1 || maxAge.isNegative()) {
            throw new IllegalArgumentException("bad retry policy: " + initial + ".." + max + " x" + factor
                    + ", " + maxAttempts + " attempts, " + maxAge);
        }
    }

    /** 5 s doubling to at most 10 min, 8 attempts, 1 day. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(10), 2, 8, Duration.ofDays(1));
    }

    /**
     * The next attempt after {@code attemptsMade} attempts, or empty when the message has had
     * its last one (too many attempts, or the next would fall beyond its maximum age).
     */
    public Optional<Instant> next(int attemptsMade, Instant created, Instant now, RandomGenerator random) {
        if (attemptsMade >= maxAttempts) {
            return Optional.empty();
        }
        Instant next = now.plus(delay(attemptsMade, random));
        return next.isAfter(created.plus(maxAge)) ? Optional.empty() : Optional.of(next);
    }

    Duration delay(int attemptsMade, RandomGenerator random) {
        double full = initial.toNanos() * Math.pow(factor, Math.max(0, attemptsMade - 1));
        double capped = Math.min(full, max.toNanos());
        long nanos = (long) (capped / 2 + random.nextDouble() * capped / 2);
        return Duration.ofNanos(nanos);
    }
}
