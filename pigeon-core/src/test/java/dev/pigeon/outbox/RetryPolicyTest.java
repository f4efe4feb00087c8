package dev.pigeon.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(10), Duration.ofSeconds(60), 2, 5,
            Duration.ofHours(1));

    /** A random source that always answers {@code value}. */
    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    @Test
    void delayDoublesFromTheInitialUpToTheCapWithEqualJitter() {
        // jitter 0: half the full delay; jitter ~1: the full delay
        assertThat(policy.delay(1, fixed(0))).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.delay(1, fixed(1))).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.delay(2, fixed(1))).isEqualTo(Duration.ofSeconds(20));
        assertThat(policy.delay(3, fixed(1))).isEqualTo(Duration.ofSeconds(40));
        assertThat(policy.delay(4, fixed(1))).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.delay(9, fixed(0))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void jitterStaysWithinHalfAndWholeOfTheDelay() {
        RandomGenerator random = new java.util.Random(7);
        for (int i = 0; i < 1000; i++) {
            assertThat(policy.delay(2, random)).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(20));
        }
    }

    @Test
    void nextIsTheDelayAfterNow() {
        Instant now = T0.plusSeconds(100);
        assertThat(policy.next(2, T0, now, fixed(0))).contains(now.plusSeconds(10));
    }

    @Test
    void givesUpAfterMaxAttempts() {
        assertThat(policy.next(4, T0, T0, fixed(0))).isPresent();
        assertThat(policy.next(5, T0, T0, fixed(0))).isEmpty();
    }

    @Test
    void givesUpWhenTheNextAttemptWouldBeBeyondMaxAge() {
        Instant late = T0.plus(Duration.ofMinutes(59)).plusSeconds(58);
        assertThat(policy.next(1, T0, late, fixed(0))).isEmpty(); // 5 s later would be past the hour
        assertThat(policy.next(1, T0, late.minusSeconds(10), fixed(0))).isPresent();
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(10), Duration.ofSeconds(5), 2, 3, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), 0.5, 3, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), 2, 0, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
