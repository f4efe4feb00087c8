package dev.pigeon.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupSyncTest {
    @TempDir
    Path dir;

    @Test
    void manyConcurrentCallersAllReturnAfterASync() throws Exception {
        java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();
        GroupSync sync = new GroupSync(() -> {
            started.incrementAndGet();
            GroupSync.forceDirectory(dir);
            finished.incrementAndGet();
        });
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 32; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    for (int j = 0; j < 20; j++) {
                        int begunBefore = started.get();
                        sync.await();
                        // a force that began after this call has finished (not merely one that was running)
                        assertThat(finished.get()).isGreaterThan(begunBefore);
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(java.time.Duration.ofSeconds(30));
            assertThat(t.isAlive()).isFalse();
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void aMissingDirectoryFailsEveryCallerAndTheNextCanTryAgain() throws Exception {
        GroupSync sync = new GroupSync(() -> GroupSync.forceDirectory(dir.resolve("missing")));
        org.assertj.core.api.Assertions.assertThatThrownBy(sync::await).isInstanceOf(java.io.IOException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(sync::await).isInstanceOf(java.io.IOException.class);
        java.nio.file.Files.createDirectory(dir.resolve("missing"));
        sync.await(); // the failures are not remembered: this one syncs
    }
}
