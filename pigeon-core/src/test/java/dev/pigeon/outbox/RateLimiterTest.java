package dev.pigeon.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    /** A clock that moves only when told to, and records the sleeps asked for (taking them at once). */
    private static final class FakePacer implements Pacer {
        long now = 1_000_000_000L;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeps.add(nanos);
            now += nanos;
        }
    }

    @Test
    void spacesCallersOneIntervalApart() throws InterruptedException {
        FakePacer pacer = new FakePacer();
        RateLimiter limiter = new RateLimiter(10, pacer);
        for (int i = 0; i < 5; i++) {
            limiter.acquire();
        }
        // the first goes at once; each following waits for its slot, 100 ms apart
        assertThat(pacer.sleeps).containsExactly(100_000_000L, 100_000_000L, 100_000_000L, 100_000_000L);
    }

    @Test
    void afterAnIdleSpellAllowsABurstOfAtMostOneSecond() throws InterruptedException {
        FakePacer pacer = new FakePacer();
        RateLimiter limiter = new RateLimiter(10, pacer);
        limiter.acquire();
        pacer.now += 5_000_000_000L; // idle for 5 s
        for (int i = 0; i < 10; i++) {
            limiter.acquire(); // the unused slots of the last second: no waiting
        }
        assertThat(pacer.sleeps).isEmpty();
        limiter.acquire();
        assertThat(pacer.sleeps).containsExactly(100_000_000L);
    }

    @Test
    void aCallerPartWayToItsSlotWaitsOnlyForTheRest() throws InterruptedException {
        FakePacer pacer = new FakePacer();
        RateLimiter limiter = new RateLimiter(10, pacer);
        limiter.acquire();
        pacer.now += 30_000_000L;
        limiter.acquire();
        assertThat(pacer.sleeps).containsExactly(70_000_000L);
    }

    @Test
    void refusesANonPositiveRate() {
        assertThatThrownBy(() -> new RateLimiter(0, new FakePacer())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(Double.NaN, new FakePacer())).isInstanceOf(IllegalArgumentException.class);
    }
}
