package dev.pigeon.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WriteWatchdogTest {

    /** One timer is armed per socket write; a long DATA must not leave them all queued. */
    @Test
    void cancelledTimersDoNotPileUp() {
        Closeable nothing = () -> {};
        for (int i = 0; i < 20_000; i++) {
            ScheduledFuture<?> timer = WriteWatchdog.arm(nothing, Duration.ofMinutes(3), () -> {});
            timer.cancel(false);
        }
        assertThat(WriteWatchdog.queued()).isLessThan(100);
    }

    @Test
    void aTimerThatIsNotCancelledClosesItsTarget() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        AtomicBoolean fired = new AtomicBoolean();
        WriteWatchdog.arm(closed::countDown, Duration.ofMillis(20), () -> fired.set(true));

        assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(fired).isTrue();
    }
}
