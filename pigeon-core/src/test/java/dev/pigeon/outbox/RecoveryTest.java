package dev.pigeon.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.protocol.Mailbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up repair, on spools laid out as a crash would leave them. */
class RecoveryTest {
    @TempDir
    Path root;

    private static EntryMeta meta(String id, int size) {
        return new EntryMeta(id, "src-" + id, "<" + id + "@x>", Mailbox.parse("a@x.test"),
                List.of(Mailbox.parse("b@y.test")), "", size, false, Instant.parse("2024-05-01T12:00:00Z"), 0,
                Optional.empty(), "");
    }

    /** An entry with its content, its metadata in {@code dir} under {@code suffix}. */
    private EntryMeta entry(Spool spool, String id, String dir, String suffix) throws IOException {
        byte[] content = ("Subject: " + id + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
        Files.write(spool.data(id), content);
        EntryMeta m = meta(id, content.length);
        Files.write(root.resolve(dir).resolve(id + suffix), m.toBytes());
        return m;
    }

    @Test
    void aMarkedEntryIsUnknownAndAnUnmarkedActiveOneIsQueuedAgain() throws IOException {
        Spool spool = Spool.open(root, false);
        entry(spool, "aaaa", "active", ".sending");
        entry(spool, "bbbb", "active", ".meta");
        Recovery.Report report = Recovery.run(Spool.open(root, false), false);
        Spool after = Spool.open(root, false);
        assertThat(report.unknown()).isEqualTo(1);
        assertThat(report.requeued()).isEqualTo(1);
        assertThat(after.find("aaaa")).contains(SpoolState.UNKNOWN);
        assertThat(after.find("bbbb")).contains(SpoolState.QUEUE);
        EntryMeta unknown = after.read(after.meta(SpoolState.UNKNOWN, "aaaa"));
        assertThat(unknown.attempts()).isEqualTo(1);
        assertThat(unknown.lastReply()).contains("RFC 1047");
        assertThat(Files.exists(after.data("aaaa"))).isTrue(); // kept: possibly not delivered
        assertThat(after.count(SpoolState.ACTIVE)).isZero();
    }

    @Test
    void resendUnknownQueuesMarkedAndUnknownEntriesAgain() throws IOException {
        Spool spool = Spool.open(root, false);
        entry(spool, "aaaa", "active", ".sending");
        entry(spool, "cccc", "unknown", ".meta");
        Recovery.Report report = Recovery.run(spool, true);
        assertThat(report.resent()).isEqualTo(1);
        assertThat(report.requeued()).isEqualTo(1);
        assertThat(spool.find("aaaa")).contains(SpoolState.QUEUE);
        assertThat(spool.find("cccc")).contains(SpoolState.QUEUE);
    }

    @Test
    void theHigherRankedCopyOfAnEntryWins() throws IOException {
        Spool spool = Spool.open(root, false);
        entry(spool, "aaaa", "queue", ".meta");
        Files.write(root.resolve("deferred").resolve("aaaa.meta"), meta("aaaa", 22).toBytes());
        Files.write(root.resolve("sent").resolve("aaaa.meta"), meta("aaaa", 22).toBytes());
        Recovery.run(spool, false);
        assertThat(spool.find("aaaa")).contains(SpoolState.SENT);
        assertThat(Files.exists(root.resolve("queue/aaaa.meta"))).isFalse();
        assertThat(Files.exists(root.resolve("deferred/aaaa.meta"))).isFalse();
        assertThat(Files.exists(spool.data("aaaa"))).as("a sent entry's content goes").isFalse();
    }

    @Test
    void metadataCutShortOrContentMissingOrTruncatedIsDropped() throws IOException {
        Spool spool = Spool.open(root, false);
        EntryMeta whole = entry(spool, "aaaa", "queue", ".meta");
        byte[] bytes = meta("bbbb", 22).toBytes();
        Files.write(spool.data("bbbb"), new byte[22]);
        Files.write(root.resolve("queue/bbbb.meta"), java.util.Arrays.copyOf(bytes, bytes.length - 3));
        Files.write(root.resolve("queue/cccc.meta"), meta("cccc", 22).toBytes()); // no content
        Files.write(spool.data("dddd"), new byte[5]);
        Files.write(root.resolve("deferred/dddd.meta"), meta("dddd", 22).toBytes()); // content too short
        Files.writeString(root.resolve("tmp").resolve("x.tmp"), "half");

        Recovery.Report report = Recovery.run(spool, false);

        assertThat(spool.find(whole.id())).contains(SpoolState.QUEUE);
        assertThat(spool.find("bbbb")).isEmpty();
        assertThat(spool.find("cccc")).isEmpty();
        assertThat(spool.find("dddd")).isEmpty();
        assertThat(Files.exists(spool.data("bbbb"))).isFalse();
        assertThat(Files.exists(spool.data("dddd"))).isFalse();
        assertThat(Files.exists(spool.data("aaaa"))).isTrue();
        assertThat(root.resolve("tmp").toFile().list()).isEmpty();
        assertThat(report.cleaned()).isEqualTo(1 + 3 + 2); // the temp file, three entries, two contents
    }

    @Test
    void aCleanSpoolNeedsNothing() throws IOException {
        Spool spool = Spool.open(root, false);
        entry(spool, "aaaa", "queue", ".meta");
        assertThat(Recovery.run(spool, false).anything()).isFalse();
    }
}
