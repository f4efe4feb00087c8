package dev.pigeon.outbox;

import dev.pigeon.client.Envelope;
import dev.pigeon.message.MessageSource;
import dev.pigeon.protocol.Mailbox;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A durable outbox: messages are spooled to disk, then delivered over a pool of reused
 * connections, each ending in exactly one recorded state. One process uses a spool at a time (a
 * lock file says so).
 *
 * <pre>{@code
 * try (Outbox outbox = Outbox.builder(spoolDir, SmtpTransport.of(client))
 *         .router(Router.smarthost("smtp.example", 587)).connections(8).build()) {
 *     outbox.enqueue(envelope, MessageSource.ofFile(eml), "news.eml");
 *     outbox.run(listener);
 * }
 * }</pre>
 */
public final class Outbox implements AutoCloseable {
    private final Builder config;
    private final Spool spool;
    private final FileChannel lockChannel;
    private final Enqueuer enqueuer;
    private volatile WorkQueue running;
    private volatile OutboxListener runListener;
    private volatile boolean stopRequested;

    private Outbox(Builder b) throws IOException {
        this.config = b;
        java.nio.file.Files.createDirectories(b.spoolDir);
        this.lockChannel = FileChannel.open(b.spoolDir.resolve("lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null; // this process has it open already
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("the spool " + b.spoolDir + " is in use by another process");
        }
        try {
            this.spool = Spool.open(b.spoolDir, b.sync);
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
        this.enqueuer = new Enqueuer(spool, b.router, b.clock);
    }

    public static Builder builder(Path spoolDir, Transport transport) {
        return new Builder(spoolDir, transport);
    }

    /**
     * One entry of the spool made from one enqueued message (one per recipient domain when
     * routing by MX).
     *
     * @param duplicate true when the spool already held this message for these recipients
     *                  (in any state): nothing new was added
     */
    public record Enqueued(String id, String source, List<Mailbox> recipients, boolean duplicate) {}

    /**
     * Thrown by {@link #enqueue} to a feeder once the run was {@linkplain #stop() stopped}: what
     * was not spooled yet stays in its sources (a rerun with them adds it). The run ends normally.
     */
    public static final class Stopped extends RuntimeException {
        Stopped() {
            super("the run was stopped: no more messages are spooled", null, false, false);
        }
    }

    /**
     * Spools a message: the content is copied to disk before this returns. During a
     * {@link #run(OutboxListener, Feeder)} (from its feeder) the new entries join the run at once.
     *
     * @throws Stopped during a run that was stopped (Ctrl-C): a feeder stops there
     */
    public List<Enqueued> enqueue(Envelope envelope, MessageSource content, String source) throws IOException {
        WorkQueue q = running;
        if (q != null && stopRequested) {
            throw new Stopped();
        }
        if (q == null) {
            return enqueuer.enqueue(envelope, content, source, p -> { });
        }
        List<Enqueued> out = enqueuer.enqueue(envelope, content, source, q::feed);
        int added = (int) out.stream().filter(e -> !e.duplicate()).count();
        OutboxListener l = runListener;
        if (added > 0 && l != null) {
            l.queued(added);
        }
        return out;
    }

    /** Enqueues messages while a run delivers them (so the first goes out before the last is read). */
    @FunctionalInterface
    public interface Feeder {
        Feeder NONE = () -> { };

        /** Calls {@link Outbox#enqueue} for each message; runs on a thread of its own. */
        void feed() throws IOException;
    }

    /**
     * Repairs the spool after a crash, then delivers everything queued and every deferred entry
     * (waiting for retries unless built with {@code waitForDeferred(false)}) until each is
     * settled, or {@link #stop()} was called and the messages in flight finished.
     */
    public Recovery.Report run(OutboxListener listener) throws IOException, InterruptedException {
        return run(listener, Feeder.NONE);
    }

    /**
     * Like {@link #run(OutboxListener)}, while {@code feeder} enqueues more on a thread of its
     * own: delivery starts at once and the run ends once the feeder has returned and everything
     * is settled. Should the feeder throw, the run stops as for {@link #stop()} and rethrows it.
     */
    public Recovery.Report run(OutboxListener listener, Feeder feeder) throws IOException, InterruptedException {
        // The entries enqueued since the last run, synced in one go.
        spool.syncAll();
        Recovery.Report report = Recovery.run(spool, config.resendUnknown);
        WorkQueue queue = new WorkQueue(config.perDestination, config.waitForDeferred, config.clock);
        int pending = load(queue);
        runListener = listener;
        running = queue;
        if (stopRequested) {
            queue.stop();
        }
        listener.started(pending);
        FeederThread feeding = feeder == Feeder.NONE ? null : new FeederThread(feeder, queue);
        Courier.Failures failures = new Courier.Failures();
        RateLimiter rate = config.rate > 0 ? new RateLimiter(config.rate, config.pacer) : null;
        Courier.Shared shared = new Courier.Shared(spool, queue, config.router, config.transport,
                new Settler(spool, config.router, config.retry, config.random, config.resendUnknown), listener, rate,
                config.maxPerConnection, config.clock, failures);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < config.connections; i++) {
            threads.add(courierThread(i).start(new Courier(shared)));
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            queue.stop();
            if (feeding != null) {
                feeding.thread.interrupt();
            }
            for (Thread t : threads) {
                t.join();
            }
            throw e;
        } finally {
            running = null;
            runListener = null;
        }
        if (feeding != null) {
            feeding.thread.join();
            spool.syncAll();
            feeding.rethrow();
        }
        if (failures.first() != null) {
            throw failures.first();
        }
        return report;
    }

    /**
     * Up to {@link #PLATFORM_THREADS_UP_TO} connections, one platform thread each: a blocking read
     * then costs one wake-up from the kernel, where a virtual thread's costs a hand-off from the
     * poller thread and a timer for the read timeout (measured: 1 connection, 1 KB messages, about
     * 25% more messages a second). Beyond that, virtual threads, which any number of waiting
     * connections cost almost nothing.
     */
    private Thread.Builder courierThread(int i) {
        String name = "outbox-" + i;
        return config.connections <= PLATFORM_THREADS_UP_TO ? Thread.ofPlatform().name(name).daemon()
                : Thread.ofVirtual().name(name);
    }

    static final int PLATFORM_THREADS_UP_TO = 64;

    /** Runs a feeder; the queue stays open until it returns, and stops should it fail. */
    private static final class FeederThread {
        final Thread thread;
        private volatile Throwable failure;

        FeederThread(Feeder feeder, WorkQueue queue) {
            queue.feederStarted();
            thread = Thread.ofPlatform().name("outbox-feeder").daemon().start(() -> {
                try {
                    feeder.feed();
                } catch (Stopped stopped) {
                    // the run was stopped: feeding ends with it, no failure
                } catch (Throwable t) {
                    failure = t;
                    queue.stop();
                } finally {
                    queue.feederDone();
                }
            });
        }

        void rethrow() throws IOException {
            switch (failure) {
                case null -> { }
                case IOException e -> throw e;
                case RuntimeException e -> throw e;
                case Error e -> throw e;
                default -> throw new IOException(failure);
            }
        }
    }

    /** Finishes the messages in flight and ends {@link #run}; the rest stay spooled. Safe from any thread. */
    public void stop() {
        stopRequested = true;
        WorkQueue q = running;
        if (q != null) {
            q.stop();
        }
    }

    /** Entries per state. */
    public Map<SpoolState, Integer> counts() {
        return spool.counts();
    }

    public Spool spool() {
        return spool;
    }

    private int load(WorkQueue queue) {
        List<Pending> pending = spool.pending(config.router);
        pending.forEach(queue::add);
        return pending.size();
    }

    @Override
    public void close() throws IOException {
        try {
            spool.syncAll();
            spool.close();
        } finally {
            lockChannel.close();
        }
    }

    public static final class Builder {
        private final Path spoolDir;
        private final Transport transport;
        private Router router;
        private int connections = 1;
        private int perDestination = Integer.MAX_VALUE;
        private int maxPerConnection = 100;
        private double rate;
        private Pacer pacer = Pacer.SYSTEM;
        private RetryPolicy retry = RetryPolicy.defaults();
        private Clock clock = Clock.systemUTC();
        private RandomGenerator random = RandomGenerator.getDefault();
        private boolean sync = true;
        private boolean resendUnknown;
        private boolean waitForDeferred = true;

        private Builder(Path spoolDir, Transport transport) {
            this.spoolDir = Objects.requireNonNull(spoolDir, "spoolDir");
            this.transport = Objects.requireNonNull(transport, "transport");
        }

        /** Where entries go; required. */
        public Builder router(Router router) {
            this.router = Objects.requireNonNull(router);
            return this;
        }

        /** Concurrent connections (each on a virtual thread); default 1. */
        public Builder connections(int n) {
            this.connections = positive("connections", n);
            return this;
        }

        /** Connections to one destination (a recipient domain, by MX) at most; default unlimited. */
        public Builder perDestination(int n) {
            this.perDestination = positive("perDestination", n);
            return this;
        }

        /** Messages one connection carries before it says QUIT and a fresh one opens; default 100. */
        public Builder maxPerConnection(int n) {
            this.maxPerConnection = positive("maxPerConnection", n);
            return this;
        }

        /** At most this many messages a second over all connections; 0 (the default) for no limit. */
        public Builder rate(double perSecond, Pacer pacer) {
            if (perSecond < 0) {
                throw new IllegalArgumentException("rate must not be negative: " + perSecond);
            }
            this.rate = perSecond;
            this.pacer = Objects.requireNonNull(pacer);
            return this;
        }

        public Builder retry(RetryPolicy policy) {
            this.retry = Objects.requireNonNull(policy);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random);
            return this;
        }

        /** fsync files and directories where a power cut could undo a step; default on. */
        public Builder sync(boolean on) {
            this.sync = on;
            return this;
        }

        /** Resend messages that may have been delivered (RFC 1047 window); default off: report them. */
        public Builder resendUnknown(boolean on) {
            this.resendUnknown = on;
            return this;
        }

        /** Whether {@link #run} waits for deferred entries' retries; default on. */
        public Builder waitForDeferred(boolean on) {
            this.waitForDeferred = on;
            return this;
        }

        public Outbox build() throws IOException {
            if (router == null) {
                throw new IllegalStateException("no router: Router.smarthost(...) or Router.mx(...)");
            }
            return new Outbox(this);
        }

        private static int positive(String what, int n) {
            if (n < 1) {
                throw new IllegalArgumentException(what + " must be at least 1: " + n);
            }
            return n;
        }
    }
}
