package dev.pigeon.server;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory record of what a server received: envelopes and file paths, never content bytes
 * (those stay in the Maildir, see {@link ReceivedMessage#content()}). Waiting is done on a
 * condition, not by polling.
 */
public final class Inbox {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final List<ReceivedMessage> messages = new ArrayList<>();
    /** How many messages {@link #awaitMessage} has handed out. */
    private int taken;

    /** Records a committed message and wakes waiters. */
    ReceivedMessage add(ReceivedEnvelope envelope, Path path, int traceHeaderLength, Instant receivedAt) {
        lock.lock();
        try {
            ReceivedMessage m = new ReceivedMessage(messages.size() + 1, envelope, path, traceHeaderLength, receivedAt);
            messages.add(m);
            arrived.signalAll();
            return m;
        } finally {
            lock.unlock();
        }
    }

    /** All messages so far, in the order they were committed. */
    public List<ReceivedMessage> messages() {
        lock.lock();
        try {
            return List.copyOf(messages);
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return messages.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next message no earlier call of this method returned, in arrival order, waiting for it
     * up to {@code timeout}. The first call returns message 1, the next message 2, and so on.
     */
    public ReceivedMessage awaitMessage(Duration timeout) throws InterruptedException, TimeoutException {
        lock.lock();
        try {
            awaitCount(taken + 1, timeout);
            return messages.get(taken++);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until at least {@code count} messages arrived; returns all messages so far. */
    public List<ReceivedMessage> awaitMessages(int count, Duration timeout)
            throws InterruptedException, TimeoutException {
        lock.lock();
        try {
            awaitCount(count, timeout);
            return List.copyOf(messages);
        } finally {
            lock.unlock();
        }
    }

    private void awaitCount(int count, Duration timeout) throws InterruptedException, TimeoutException {
        long nanos = timeout.toNanos();
        while (messages.size() < count) {
            if (nanos <= 0) {
                throw new TimeoutException("waited " + timeout + " for message " + count + ", have "
                        + messages.size());
            }
            nanos = arrived.awaitNanos(nanos);
        }
    }
}
