package dev.pigeon.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WorkQueueTest {
    private static Pending pending(int n) {
        return new Pending("id" + n, "", Instant.EPOCH);
    }

    @Test
    void aFeederWaitsWhileTheQueueIsFullAndGoesOnOnceAnEntryIsTaken() throws Exception {
        WorkQueue q = new WorkQueue(Integer.MAX_VALUE, true, Clock.systemUTC());
        q.feederStarted();
        for (int i = 0; i < WorkQueue.FEED_AHEAD; i++) {
            q.feed(pending(i));
        }
        CountDownLatch fed = new CountDownLatch(1);
        Thread feeder = Thread.ofPlatform().daemon().start(() -> {
            q.feed(pending(-1));
            fed.countDown();
        });
        awaitParked(feeder); // in feed(), not yet added
        assertThat(fed.getCount()).isOne();

        assertThat(q.take()).isPresent(); // a connection takes one: room for the feeder

        assertThat(fed.await(10, TimeUnit.SECONDS)).isTrue();
        feeder.join();
    }

    @Test
    void stoppingReleasesAWaitingFeeder() throws Exception {
        WorkQueue q = new WorkQueue(Integer.MAX_VALUE, true, Clock.systemUTC());
        for (int i = 0; i < WorkQueue.FEED_AHEAD; i++) {
            q.feed(pending(i));
        }
        Thread feeder = Thread.ofPlatform().daemon().start(() -> q.feed(pending(-1)));
        awaitParked(feeder);
        q.stop();
        feeder.join(10_000);
        assertThat(feeder.isAlive()).isFalse();
    }

    /** Until {@code t} parks (at most 10 s); fails if it ends instead. */
    private static void awaitParked(Thread t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != Thread.State.WAITING) {
            assertThat(t.isAlive()).as("ended instead of waiting").isTrue();
            assertThat(System.nanoTime()).as("not parked within 10 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
