package dev.pigeon.transport;

import java.io.Closeable;
import java.io.IOException;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Java socket writes have no timeout: a peer that stops reading blocks us forever once the send
 * buffer fills. The watchdog closes the socket when a write outlives its deadline, which makes
 * the blocked write fail. Unix-domain reads and connects, which ignore {@code SO_TIMEOUT}, are
 * bounded the same way ({@link #guard}).
 *
 * <p>A call costs a clock read and a few volatile writes, never a thread wake-up: each target has a
 * {@link Watch} in a registry, and one daemon thread ({@code pigeon-watchdog}) sleeps until the
 * earliest moment a call could time out: the deadline of a call in progress, or now plus the
 * limit of an idle watch (no call can begin before now). So a steady stream of short calls with
 * the same limit never wakes it; only a call whose deadline comes before the sweeper's wake-up
 * time does (the first call, or a shorter limit than the others').
 *
 * <p>Why no call is missed: a call publishes its start, then reads the sweeper's wake-up time;
 * the sweeper publishes its wake-up time, then scans once more. With volatile accesses one of the
 * two sees the other: the call wakes the sweeper, or the second scan finds the call. A call that
 * wakes the sweeper first lowers the wake-up time to its own deadline, so the calls that follow
 * before the sweeper gets to run do not wake it again (its next scan finds them).
 * (A timer per call, as before, woke the timer thread on every schedule and cancel: several
 * futex calls and context switches per message in a bulk run.)
 */
final class WriteWatchdog {
    /** The longest the sweeper sleeps; only bounds the arithmetic on {@code nanoTime}. */
    private static final long MAX_SLEEP_NANOS = TimeUnit.HOURS.toNanos(1);
    /**
     * How late a timeout may fire rather than wake the sweeper. A call reads the clock a moment
     * before it shows as in progress; a sweeper that found it idle in that moment sleeps until
     * "now + limit", a hair past the call's deadline: not worth a wake-up.
     */
    private static final long WAKE_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final Set<Reference<Watch>> WATCHES = ConcurrentHashMap.newKeySet();
    private static final ReferenceQueue<Watch> COLLECTED = new ReferenceQueue<>();
    /**
     * When the sleeping sweeper wakes up; "now or earlier" while it is awake and sweeping, and the
     * deadline of the call that woke it until it runs (so that only that call pays for the wake-up).
     */
    private static final AtomicLong WAKE_AT = new AtomicLong(System.nanoTime());
    /** Times a call woke the sweeper (rare by design); for tests. */
    private static final AtomicLong WAKE_UPS = new AtomicLong();

    private WriteWatchdog() {}

    /** The sweeper thread, started with the first watch (the first use of this class). */
    private static final class Sweeper {
        static final Thread THREAD = Thread.ofPlatform()
                .name("pigeon-watchdog")
                .daemon()
                .start(WriteWatchdog::sweepForever);

        /** Does nothing but make sure the thread runs: calling it initialises the class. */
        static void ensureStarted() {}
    }

    /**
     * Registers {@code target}: a call bounded by {@link Watch#begin} that outlives its limit gets
     * {@code fired} set, then {@code target} closed. Close the watch when the target is done with;
     * one that is only dropped leaves the registry once collected.
     */
    static Watch watch(Closeable target, AtomicBoolean fired) {
        purgeCollected();
        Watch watch = new Watch(target, fired, COLLECTED);
        WATCHES.add(watch.registration);
        Sweeper.ensureStarted();
        return watch;
    }

    static void unregister(Watch watch) {
        WATCHES.remove(watch.registration);
    }

    /**
     * Called by a call that just began: wakes the sweeper if it would sleep past the deadline by more
     * than {@link #WAKE_SLACK_NANOS}.
     */
    static void expectDeadline(long deadlineNanos) {
        for (long wakeAt = WAKE_AT.get(); wakeAt - deadlineNanos > WAKE_SLACK_NANOS; wakeAt = WAKE_AT.get()) {
            if (WAKE_AT.compareAndSet(wakeAt, deadlineNanos)) {
                WAKE_UPS.incrementAndGet();
                LockSupport.unpark(Sweeper.THREAD);
                return;
            }
        }
    }

    /** A blocking I/O call that a watchdog bounds. */
    interface IoCall<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code call}, closing {@code target} if it outlives {@code limit}. Once the watchdog fired
     * ({@code fired} is set, and stays set for the caller's later calls), a failure is reported as
     * a {@link java.net.SocketTimeoutException} with {@code timeoutMessage}, caused by the original
     * failure.
     */
    static <T> T guard(Closeable target, Duration limit, AtomicBoolean fired, Supplier<String> timeoutMessage,
            IoCall<T> call) throws IOException {
        try (Watch watch = watch(target, fired)) {
            long token = watch.begin(nanos(limit));
            try {
                return call.run();
            } catch (IOException e) {
                throw watch.failure(e, timeoutMessage);
            } finally {
                watch.end(token);
            }
        }
    }

    /** {@code limit} in nanoseconds, saturated (a limit of centuries means "no limit"). */
    static long nanos(Duration limit) {
        try {
            return limit.toNanos();
        } catch (ArithmeticException tooLong) {
            return limit.isNegative() ? 0 : Long.MAX_VALUE;
        }
    }

    /** Watches in the registry (collected ones dropped first); for tests. */
    static int registered() {
        WATCHES.removeIf(registration -> registration.refersTo(null)); // cleared, maybe not yet enqueued
        return WATCHES.size();
    }

    /** Times a beginning call woke the sweeper; for tests. */
    static long wakeUps() {
        return WAKE_UPS.get();
    }

    static boolean isRegistered(Watch watch) {
        return WATCHES.contains(watch.registration);
    }

    private static void purgeCollected() {
        for (Reference<? extends Watch> gone; (gone = COLLECTED.poll()) != null; ) {
            WATCHES.remove(gone);
        }
    }

    private static void sweepForever() {
        while (true) {
            try {
                WAKE_AT.set(System.nanoTime());
                long next = sweep();
                WAKE_AT.set(next);
                // A call that began before WAKE_AT said "next" did not wake us: find it now.
                if (sweep() - next < 0) {
                    continue;
                }
                LockSupport.parkNanos(next - System.nanoTime());
            } catch (RuntimeException e) {
                // a watch must never stop the sweeper: every later timeout depends on it
            }
        }
    }

    /** Fires the expired calls; returns the earliest time a watch needs the sweeper again. */
    private static long sweep() {
        purgeCollected();
        long now = System.nanoTime();
        long next = now + MAX_SLEEP_NANOS;
        for (Reference<Watch> registration : WATCHES) {
            Watch watch = registration.get();
            if (watch == null) {
                WATCHES.remove(registration);
                continue;
            }
            long due = watch.sweep(now);
            if (due - next < 0) {
                next = due;
            }
        }
        return next;
    }
}
