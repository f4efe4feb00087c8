package dev.pigeon.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands entries to connection threads: ready entries by route, at most {@code perRoute} connections
 * on one route at a time; deferred entries wait until due. The run is over when nothing is ready,
 * nothing is in flight, nobody is still feeding entries in and (unless {@code waitForDeferred})
 * nothing waits, or once stopped.
 *
 * <p>Wake-ups are targeted: a new entry wakes one connection waiting on its route, else one
 * waiting for any route; finishing an entry wakes anybody only when the run may be over. (Waking
 * every waiting thread per entry cost eight connections five context switches a message.)
 */
final class WorkQueue {
    private static final Duration FEED_WAIT = Duration.ofMillis(500);
    static final int FEED_AHEAD = 10_000;
    private final ReentrantLock lock = new ReentrantLock();
    /** take(): waiting for a route to lease, a due entry, or the end of the run. */
    private final Condition anyRoute = lock.newCondition();
    /** feed(): waiting for room. */
    private final Condition room = lock.newCondition();
    /** next(route): waiting for an entry on that route; with how many wait there. */
    private final Map<String, Condition> onRoute = new HashMap<>();
    private final Map<String, Integer> waitingOnRoute = new HashMap<>();
    private final Map<String, ArrayDeque<Pending>> ready = new HashMap<>();
    private final PriorityQueue<Pending> waiting = new PriorityQueue<>(Comparator.comparing(Pending::due));
    private final Map<String, Integer> connections = new HashMap<>();
    private final int perRoute;
    private final boolean waitForDeferred;
    private final Clock clock;
    private int inFlight;
    private int readyCount;
    private int feeders;
    private boolean stopping;

    WorkQueue(int perRoute, boolean waitForDeferred, Clock clock) {
        this.perRoute = perRoute;
        this.waitForDeferred = waitForDeferred;
        this.clock = clock;
    }

    /** A connection's right to a route, with its first entry. */
    record Lease(String routeKey, Pending first) {}

    void add(Pending p) {
        lock.lock();
        try {
            if (p.due().isAfter(clock.instant())) {
                waiting.add(p);
                anyRoute.signal(); // a take() may have to wake earlier for it
            } else {
                enqueueReady(p);
                wakeFor(p.routeKey());
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@link #add} for a feeder: waits while {@link #FEED_AHEAD} entries are already ready, so
     * spooling runs at most that far ahead of sending and what the scheduler holds stays bounded.
     * Connection threads use {@link #add}, which never waits (they are the ones who drain it).
     */
    void feed(Pending p) {
        lock.lock();
        try {
            while (readyCount >= FEED_AHEAD && !stopping) {
                room.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
        add(p);
    }

    /** Blocks for a route with a ready entry and a free connection slot; empty when the run is over. */
    Optional<Lease> take() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (stopping) {
                    return Optional.empty();
                }
                promoteDue();
                for (var e : ready.entrySet()) {
                    if (!e.getValue().isEmpty() && connections.getOrDefault(e.getKey(), 0) < perRoute) {
                        connections.merge(e.getKey(), 1, Integer::sum);
                        return Optional.of(new Lease(e.getKey(), poll(e.getValue())));
                    }
                }
                if (readyCount == 0 && inFlight == 0 && feeders == 0 && (waiting.isEmpty() || !waitForDeferred)) {
                    wakeAll();
                    return Optional.empty();
                }
                awaitChange();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next ready entry on the lease's route; empty when none or stopping. While a feeder is
     * still adding entries it waits for one, up to {@code FEED_WAIT}: a connection kept open for
     * the next message beats a new one per message.
     */
    Optional<Pending> next(String routeKey) throws InterruptedException {
        lock.lock();
        try {
            long waitNanos = FEED_WAIT.toNanos();
            while (true) {
                if (stopping) {
                    return Optional.empty();
                }
                promoteDue();
                ArrayDeque<Pending> q = ready.get(routeKey);
                if (q != null && !q.isEmpty()) {
                    return Optional.of(poll(q));
                }
                if (feeders == 0 || waitNanos <= 0) {
                    return Optional.empty();
                }
                waitingOnRoute.merge(routeKey, 1, Integer::sum);
                try {
                    waitNanos = onRoute.computeIfAbsent(routeKey, k -> lock.newCondition()).awaitNanos(waitNanos);
                } finally {
                    waitingOnRoute.merge(routeKey, -1, Integer::sum);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The next ready entry on the lease's route, without waiting; empty when none or stopping. */
    Optional<Pending> poll(String routeKey) {
        lock.lock();
        try {
            if (stopping) {
                return Optional.empty();
            }
            promoteDue();
            ArrayDeque<Pending> q = ready.get(routeKey);
            return q != null && !q.isEmpty() ? Optional.of(poll(q)) : Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Someone will {@link #add} entries: the run is not over before {@link #feederDone}. */
    void feederStarted() {
        lock.lock();
        try {
            feeders++;
        } finally {
            lock.unlock();
        }
    }

    void feederDone() {
        lock.lock();
        try {
            feeders--;
            wakeAll();
        } finally {
            lock.unlock();
        }
    }

    /** An entry handed out is settled (anything it spawned was {@link #add}ed first). */
    void done() {
        lock.lock();
        try {
            inFlight--;
            if (inFlight == 0) {
                anyRoute.signalAll(); // the run may be over
            }
        } finally {
            lock.unlock();
        }
    }

    /** A connection on {@code routeKey} closed. */
    void release(String routeKey) {
        lock.lock();
        try {
            connections.merge(routeKey, -1, Integer::sum);
            anyRoute.signalAll(); // a slot on the route is free (once a session, not once a message)
        } finally {
            lock.unlock();
        }
    }

    /** Hands out nothing more; entries in flight finish. */
    void stop() {
        lock.lock();
        try {
            stopping = true;
            wakeAll();
        } finally {
            lock.unlock();
        }
    }

    private Pending poll(ArrayDeque<Pending> q) {
        inFlight++;
        readyCount--;
        if (readyCount == FEED_AHEAD - 1) {
            room.signalAll(); // a feeder may be waiting for room
        }
        return q.poll();
    }

    private void enqueueReady(Pending p) {
        ready.computeIfAbsent(p.routeKey(), k -> new ArrayDeque<>()).add(p);
        readyCount++;
    }

    /** One connection waiting on the route if any, else one waiting for any route. */
    private void wakeFor(String routeKey) {
        if (waitingOnRoute.getOrDefault(routeKey, 0) > 0) {
            onRoute.get(routeKey).signal();
        } else {
            anyRoute.signal();
        }
    }

    private void wakeAll() {
        anyRoute.signalAll();
        room.signalAll();
        onRoute.values().forEach(Condition::signalAll);
    }

    private void promoteDue() {
        Instant now = clock.instant();
        while (!waiting.isEmpty() && !waiting.peek().due().isAfter(now)) {
            enqueueReady(waiting.poll());
        }
    }

    private void awaitChange() throws InterruptedException {
        if (waiting.isEmpty()) {
            anyRoute.await();
            return;
        }
        Duration until = Duration.between(clock.instant(), waiting.peek().due());
        if (!until.isNegative() && !until.isZero()) {
            anyRoute.awaitNanos(until.toNanos());
        }
    }
}
