package dev.pigeon.cli;

import dev.pigeon.client.Envelope;
import dev.pigeon.message.MessageSource;
import dev.pigeon.outbox.Outbox;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Spools messages already in memory (a template's rows) on a thread of its own, in the order
 * given, so that filling in and parsing the next message overlaps spooling this one: with several
 * connections, one thread doing both was what the whole run waited for. At most {@link #AHEAD}
 * messages wait; the first failure is rethrown to the caller.
 */
final class SpoolingStage {
    static final int AHEAD = 256;

    private record Job(Envelope envelope, byte[] head, byte[] body, String label) {}

    /** The two parts written one after the other: no copy of a whole message (nor the clone {@code ofBytes} makes). */
    private record TwoParts(byte[] head, byte[] body) implements MessageSource {
        @Override
        public void writeTo(OutputStream out) throws IOException {
            out.write(head);
            out.write(body);
        }

        @Override
        public OptionalLong size() {
            return OptionalLong.of(head.length + body.length);
        }

        @Override
        public EightBit eightBit() {
            return EightBit.UNKNOWN; // the spool finds out while copying it
        }

        @Override
        public boolean isRepeatable() {
            return true;
        }
    }

    private static final Job END = new Job(null, null, null, null);

    private final Outbox outbox;
    private final BlockingQueue<Job> jobs = new ArrayBlockingQueue<>(AHEAD);
    private final Thread thread;
    private volatile Throwable failure;
    private int added;
    private int duplicates;

    SpoolingStage(Outbox outbox) {
        this.outbox = outbox;
        this.thread = Thread.ofPlatform().name("bulk-spooler").daemon().start(this::run);
    }

    private void run() {
        while (true) {
            Job job;
            try {
                job = jobs.take();
            } catch (InterruptedException e) {
                return;
            }
            if (job == END) {
                return;
            }
            if (failure != null) {
                continue; // drained, so a producer blocked on a full queue goes on to see the failure
            }
            try {
                for (Outbox.Enqueued e : outbox.enqueue(job.envelope(), new TwoParts(job.head(), job.body()), job.label())) {
                    if (e.duplicate()) {
                        duplicates++;
                    } else {
                        added++;
                    }
                }
            } catch (Throwable t) {
                failure = t;
            }
        }
    }

    /** Spools {@code head} then {@code body} as one message; the arrays must not change afterwards. */
    void submit(Envelope envelope, byte[] head, byte[] body, String label) throws IOException {
        rethrow();
        try {
            jobs.put(new Job(envelope, head, body, label));
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while spooling");
        }
    }

    /** Waits until everything submitted is spooled (or failed), then rethrows the first failure. */
    void finish() throws IOException {
        try {
            jobs.put(END);
            thread.join();
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while spooling");
        }
        rethrow();
    }

    /** Spooled so far; exact once {@link #finish()} returned. */
    int added() {
        return added;
    }

    int duplicates() {
        return duplicates;
    }

    private void rethrow() throws IOException {
        switch (failure) {
            case null -> { }
            case IOException e -> throw e;
            case UncheckedIOException e -> throw e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IOException(failure);
        }
    }
}
