package dev.pigeon.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WriteWatchdogTest {
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    /** A target whose close releases the call blocked "on" it, as closing a socket fails its write. */
    private static final class BlockingTarget implements Closeable {
        final CountDownLatch closed = new CountDownLatch(1);
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public void close() {
            closes.incrementAndGet();
            closed.countDown();
        }

        Void block() throws IOException {
            try {
                if (!closed.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the watchdog never closed the target");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            throw new IOException("socket closed");
        }
    }

    @Test
    void aCallThatOutlivesItsLimitGetsItsTargetClosedAndTimesOut() {
        BlockingTarget target = new BlockingTarget();
        AtomicBoolean fired = new AtomicBoolean();
        long start = System.nanoTime();

        assertThatThrownBy(() -> WriteWatchdog.guard(target, Duration.ofMillis(50), fired, () -> "too slow",
                target::block))
                .isInstanceOf(SocketTimeoutException.class)
                .hasMessage("too slow")
                .cause().isInstanceOf(IOException.class).hasMessage("socket closed");

        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(elapsedMillis).isBetween(50L, 5_000L);
        assertThat(fired).isTrue();
        assertThat(target.closes).hasValue(1);
    }

    @Test
    void afterATimeoutEveryLaterFailureIsReportedAsThatTimeout() {
        AtomicBoolean fired = new AtomicBoolean(true);

        assertThatThrownBy(() -> WriteWatchdog.guard(() -> {}, Duration.ofMinutes(1), fired, () -> "timed out before",
                () -> {
                    throw new IOException("broken pipe");
                }))
                .isInstanceOf(SocketTimeoutException.class)
                .hasMessage("timed out before")
                .cause().hasMessage("broken pipe");
    }

    @Test
    void aFailureWithoutATimeoutIsReportedAsItIs() {
        IOException broken = new IOException("broken pipe");

        assertThatThrownBy(() -> WriteWatchdog.guard(() -> {}, Duration.ofMinutes(1), new AtomicBoolean(), () -> "no",
                () -> {
                    throw broken;
                }))
                .isSameAs(broken);
    }

    @Test
    void manyQuickCallsNeverFireNorGrowTheRegistry() throws IOException {
        AtomicInteger closes = new AtomicInteger();
        AtomicBoolean fired = new AtomicBoolean();
        int before = WriteWatchdog.registered();

        for (int i = 0; i < 100_000; i++) {
            int n = i;
            assertThat(WriteWatchdog.guard(closes::incrementAndGet, Duration.ofMinutes(1), fired, () -> "no",
                    () -> n)).isEqualTo(n);
        }

        assertThat(closes).hasValue(0);
        assertThat(fired).isFalse();
        assertThat(WriteWatchdog.registered()).isLessThanOrEqualTo(before); // others' garbage may leave meanwhile
    }

    /** The point of the design: a steady stream of writes with one limit wakes no thread. */
    @Test
    void aSteadyStreamOfWritesDoesNotWakeTheSweeper() throws IOException {
        AtomicInteger closes = new AtomicInteger();
        CountingStream sink = new CountingStream();
        try (DeadlineOutputStream out = new DeadlineOutputStream(sink, closes::incrementAndGet, Duration.ofMinutes(1))) {
            out.write(new byte[10]); // the first call may wake a sweeper that sleeps longer than a minute
            long wakeUps = WriteWatchdog.wakeUps();

            byte[] block = new byte[100];
            for (int i = 0; i < 100_000; i++) {
                out.write(block);
                out.flush();
            }

            // a timer per call armed and cancelled 200,000 timers here; a preempted call may cost a wake-up
            assertThat(WriteWatchdog.wakeUps() - wakeUps).isLessThan(10);
        }
        assertThat(sink.count).isEqualTo(10 + 100L * 100_000);
        assertThat(closes).hasValue(0);
    }

    @Test
    void aClosedStreamLeavesTheRegistry() throws IOException {
        int before = WriteWatchdog.registered();
        DeadlineOutputStream out = new DeadlineOutputStream(new CountingStream(), () -> {}, Duration.ofMinutes(1));
        out.write(1);
        out.close();

        assertThat(WriteWatchdog.registered()).isLessThanOrEqualTo(before);

        Watch watch = WriteWatchdog.watch(() -> {}, new AtomicBoolean());
        assertThat(WriteWatchdog.isRegistered(watch)).isTrue();
        watch.close();
        assertThat(WriteWatchdog.isRegistered(watch)).isFalse();
    }

    /** A connection closed without closing its stream (or replaced by TLS) must not leak its watch. */
    @Test
    void aForgottenWatchLeavesTheRegistryOnceCollected() {
        int before = WriteWatchdog.registered();
        WeakReference<Watch> forgotten = forgottenWatch();

        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (forgotten.get() != null) {
            assertThat(System.nanoTime()).as("the forgotten watch was never collected").isLessThan(deadline);
            System.gc();
        }

        assertThat(WriteWatchdog.registered()).isLessThanOrEqualTo(before);
    }

    private static WeakReference<Watch> forgottenWatch() {
        Watch watch = WriteWatchdog.watch(() -> {}, new AtomicBoolean());
        watch.end(watch.begin(MINUTE));
        return new WeakReference<>(watch);
    }

    @Test
    void aShortLimitFiresOnTimeWhileALongOneIsInProgress() {
        Watch longCall = WriteWatchdog.watch(() -> {}, new AtomicBoolean());
        long token = longCall.begin(TimeUnit.MINUTES.toNanos(10)); // the sweeper may now sleep ~10 minutes
        try {
            BlockingTarget target = new BlockingTarget();
            long start = System.nanoTime();

            assertThatThrownBy(() -> WriteWatchdog.guard(target, Duration.ofMillis(50), new AtomicBoolean(),
                    () -> "short limit", target::block))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessage("short limit");

            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(50L, 5_000L);
            assertThat(longCall.fired()).isFalse();
        } finally {
            longCall.end(token);
            longCall.close();
        }
    }

    @Test
    void anEndedCallIsNeverFired() {
        AtomicInteger closes = new AtomicInteger();
        AtomicBoolean fired = new AtomicBoolean();
        try (Watch watch = WriteWatchdog.watch(closes::incrementAndGet, fired)) {
            watch.end(watch.begin(MINUTE));

            watch.sweep(System.nanoTime() + 2 * MINUTE); // as if the sweeper came late

            assertThat(closes).hasValue(0);
            assertThat(fired).isFalse();
        }
    }

    /** The sweeper blames only the call it found late, never the one that replaced it. */
    @Test
    void aLateEndOfAnEarlierCallDoesNotShieldTheCurrentOne() {
        AtomicInteger closes = new AtomicInteger();
        AtomicBoolean fired = new AtomicBoolean();
        try (Watch watch = WriteWatchdog.watch(closes::incrementAndGet, fired)) {
            long first = watch.begin(MINUTE);
            watch.end(first);
            long second = watch.begin(MINUTE);
            watch.end(first); // stale: changes nothing

            watch.sweep(System.nanoTime() + 2 * MINUTE);
            assertThat(closes).hasValue(1);
            assertThat(fired).isTrue();

            watch.end(second); // ends after it was fired: fine, and the next call starts afresh
            watch.end(watch.begin(MINUTE));
            watch.sweep(System.nanoTime() + 2 * MINUTE);
            assertThat(closes).hasValue(1);
        }
    }

    @Test
    void aCallIsNotFiredBeforeItsDeadline() {
        AtomicInteger closes = new AtomicInteger();
        try (Watch watch = WriteWatchdog.watch(closes::incrementAndGet, new AtomicBoolean())) {
            long call = watch.begin(MINUTE);

            long due = watch.sweep(System.nanoTime());

            assertThat(closes).hasValue(0);
            assertThat(due - System.nanoTime()).isBetween(MINUTE / 2, MINUTE);
            watch.end(call);
        }
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
