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
        GroupSync sync = new GroupSync(() -> GroupSync.forceDirectory(dir));
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 32; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    for (int j = 0; j < 20; j++) {
                        sync.await();
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
    void aMissingDirectoryFailsEveryCallerAndTheNextCanTryAgain() {
        GroupSync sync = new GroupSync(() -> GroupSync.forceDirectory(dir.resolve("missing")));
        org.assertj.core.api.Assertions.assertThatThrownBy(sync::await).isInstanceOf(java.io.IOException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(sync::await).isInstanceOf(java.io.IOException.class);
    }
}
