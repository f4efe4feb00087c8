package dev.pigeon.transport;

import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One watched target (a socket or channel) in the {@link WriteWatchdog}'s registry: its calls are
 * marked with {@link #begin} and {@link #end}, which cost a clock read and a few volatile writes, and
 * the watchdog's sweeper closes the target when a call outlives its limit.
 *
 * <p>One call at a time: {@code calls} is odd while a call is in progress. The sweeper fires a call
 * only by moving {@code calls} from that call's odd number to the next even one, so a call that
 * ended (or a later call) is never blamed for an earlier one.
 */
final class Watch implements Closeable {
    /** Caps a limit so that start + limit stays far from overflow (about 73 years). */
    private static final long MAX_LIMIT_NANOS = Long.MAX_VALUE / 4;
    private static final VarHandle CALLS;

    static {
        try {
            CALLS = MethodHandles.lookup().findVarHandle(Watch.class, "calls", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Closeable target;
    private final AtomicBoolean fired;
    /** This watch's entry in the registry, weak so that a stream nobody closed cannot leak. */
    final Reference<Watch> registration;
    private volatile long calls;
    private volatile long startNanos;
    /** The limit of the current (or last) call; 0 before the first call. */
    private volatile long limitNanos;

    Watch(Closeable target, AtomicBoolean fired, ReferenceQueue<Watch> collected) {
        this.target = target;
        this.fired = fired;
        this.registration = new WeakReference<>(this, collected);
    }

    /** Marks a call as started; returns the token to pass to {@link #end}. */
    long begin(long limit) {
        long start = System.nanoTime();
        long bounded = Math.clamp(limit, 1, MAX_LIMIT_NANOS);
        startNanos = start;
        if (limitNanos != bounded) {
            limitNanos = bounded;
        }
        long call = calls + 1;
        calls = call;
        WriteWatchdog.expectDeadline(start + bounded);
        return call;
    }

    /** Marks the call as ended, unless the sweeper already fired it (then this changes nothing). */
    void end(long call) {
        CALLS.compareAndSet(this, call, call + 1);
    }

    /**
     * Whether a call timed out on this target, now or before: every later failure is that timeout's
     * consequence.
     */
    boolean fired() {
        return fired.get();
    }

    /** The failure to report: {@code failure}, or a timeout caused by it once the watch fired. */
    IOException failure(IOException failure, Supplier<String> timeoutMessage) {
        if (!fired.get()) {
            return failure;
        }
        SocketTimeoutException timeout = new SocketTimeoutException(timeoutMessage.get());
        timeout.initCause(failure);
        return timeout;
    }

    /**
     * For the sweeper: fires the call in progress if it outlived its limit at {@code now}. Returns
     * the earliest time this watch needs the sweeper again: the call's deadline, or (when idle)
     * {@code now} plus its last limit, since no call can begin before now; practically never when
     * it was never used (its first call wakes the sweeper if need be).
     */
    long sweep(long now) {
        long call;
        long limit;
        long start;
        do { // a consistent snapshot: begin writes the start and limit before the call number
            call = calls;
            limit = limitNanos;
            start = startNanos;
        } while (calls != call);
        if ((call & 1) == 0) {
            return limit == 0 ? now + MAX_LIMIT_NANOS : now + limit;
        }
        long deadline = start + limit;
        if (deadline - now > 0) {
            return deadline;
        }
        if (CALLS.compareAndSet(this, call, call + 1)) {
            fire();
        }
        return now + limit;
    }

    private void fire() {
        fired.set(true);
        try {
            target.close();
        } catch (IOException | RuntimeException ignored) {
            // closing is the whole point; a failure to close leaves nothing else to do
        }
    }

    /** Leaves the registry: nothing this watch guards runs any more. */
    @Override
    public void close() {
        WriteWatchdog.unregister(this);
    }
}
