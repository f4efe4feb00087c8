package dev.pigeon.outbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit: a caller that wrote something waits until a force (fsync) that <em>began after
 * its request</em> has finished. Callers arriving while one runs are all covered by the next one,
 * so N connections marking messages at once share one fsync instead of queueing for N.
 */
final class GroupSync {
    /** What one sync does: fsync a file, a directory, or several in order. */
    interface Force {
        void run() throws IOException;
    }

    private final Force force;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition done = lock.newCondition();
    /** Requests so far; a request's ticket is the count including it. */
    private long requested;
    /** Every request up to this ticket is on disk. */
    private long synced;
    private boolean syncing;

    GroupSync(Force force) {
        this.force = force;
    }

    /** Returns once a force that began after this call did has finished. */
    void await() throws IOException {
        long ticket;
        long upTo;
        lock.lock();
        try {
            ticket = ++requested;
            while (true) {
                if (synced >= ticket) {
                    return;
                }
                if (!syncing) {
                    syncing = true;
                    upTo = requested; // everyone who asked so far is covered by the sync about to start
                    break;
                }
                done.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
        boolean ok = false;
        try {
            force.run();
            ok = true;
        } finally {
            lock.lock();
            try {
                syncing = false;
                if (ok) {
                    synced = Math.max(synced, upTo);
                }
                done.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** fsyncs a directory, making the names created in it durable. */
    static void forceDirectory(Path dir) throws IOException {
        // Linux lets a directory be opened for reading and forced; elsewhere this may refuse.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }
}
