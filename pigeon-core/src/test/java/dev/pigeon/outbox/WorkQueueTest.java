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
        Thread feeder = Thread.ofPlatform().start(() -> {
            q.feed(pending(-1));
            fed.countDown();
        });
        while (feeder.getState() != Thread.State.WAITING) { // parked in feed(), not yet added
            assertThat(feeder.isAlive()).isTrue();
            Thread.onSpinWait();
        }
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
        Thread feeder = Thread.ofPlatform().start(() -> q.feed(pending(-1)));
        while (feeder.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        q.stop();
        feeder.join(10_000);
        assertThat(feeder.isAlive()).isFalse();
    }
}
