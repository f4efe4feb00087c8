package dev.pigeon.outbox;

import static dev.pigeon.outbox.OutboxFixtures.messageIdOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.server.ReceivedMessage;
import dev.pigeon.server.SmtpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash and resume: the outbox runs in a separate JVM, is killed ({@code kill -9}) once the
 * embedded server here has received some messages, and a second run finishes the spool. Every
 * message must arrive exactly once, except those recorded as "unknown" (the RFC 1047 window: the
 * kill fell between the final dot and recording the reply), which must arrive at most once and
 * are not resent.
 */
@Timeout(180) // longer than its own waits; Outbox.run has none: a hang fails the test, not the build
class CrashResumeIT {
    private static final int MESSAGES = 200;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path spool;

    @TempDir
    Path maildir;

    private SmtpServer server;
    private Process child;

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (child != null) {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    @RepeatedTest(3)
    void killedMidRunResumesWithEveryMessageDeliveredOnce() throws Exception {
        server = SmtpServer.builder().maildir(maildir).bindAddress(InetAddress.getByName("127.0.0.1")).build().start();
        try (Outbox outbox = OutboxFixtures.outbox(spool, server.port()).build()) {
            OutboxFixtures.enqueue(outbox, MESSAGES, "b@outbox.test");
        }

        child = startChild();
        server.inbox().awaitMessages(MESSAGES / 4, WAIT); // mid-run, whatever the child is doing
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int beforeResume = server.inbox().size();
        assertThat(beforeResume).as("killed mid-run").isLessThan(MESSAGES);

        OutboxFixtures.Recording events = new OutboxFixtures.Recording();
        Map<SpoolState, Integer> counts;
        Set<String> unknownIds = new HashSet<>();
        try (Outbox outbox = OutboxFixtures.outbox(spool, server.port()).connections(4).build()) {
            outbox.run(events);
            counts = outbox.counts();
            for (EntryMeta meta : outbox.spool().entries(SpoolState.UNKNOWN)) {
                unknownIds.add(meta.messageId());
            }
        }
        assertThat(counts.get(SpoolState.SENT) + counts.get(SpoolState.UNKNOWN)).isEqualTo(MESSAGES);
        assertThat(counts.get(SpoolState.QUEUE) + counts.get(SpoolState.ACTIVE) + counts.get(SpoolState.DEFERRED)
                + counts.get(SpoolState.FAILED)).isZero();
        // The kill can catch at most one message per connection (4) in the window.
        assertThat(unknownIds).hasSizeLessThanOrEqualTo(4);

        List<ReceivedMessage> received = server.inbox().awaitMessages(MESSAGES - unknownIds.size(), WAIT);
        Map<String, Integer> times = new HashMap<>();
        for (ReceivedMessage m : received) {
            times.merge(messageIdOf(m), 1, Integer::sum);
        }
        assertThat(times.values()).as("no message arrives twice").allMatch(n -> n == 1);
        List<String> all = IntStream.rangeClosed(1, MESSAGES).mapToObj(OutboxFixtures::messageId).toList();
        List<String> missing = new ArrayList<>(all);
        missing.removeAll(times.keySet());
        assertThat(unknownIds).as("only a possibly-delivered message may be missing").containsAll(missing);
        // The second run resumed: it settled what the first left, and only that.
        assertThat(events.attempts).isNotEmpty().hasSizeLessThanOrEqualTo(MESSAGES - beforeResume + unknownIds.size());
        assertThat(list(spool.resolve("journal"))).hasSize(1);
    }

    private Process startChild() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), spool.toString(), Integer.toString(server.port()));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return pb.start();
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
