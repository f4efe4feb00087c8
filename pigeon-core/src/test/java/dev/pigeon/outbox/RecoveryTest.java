package dev.pigeon.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.protocol.Mailbox;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a spool as a crash would leave it: replay, compaction, repair. */
class RecoveryTest {
    @TempDir
    Path root;

    /** Spools an entry with content; the spool stays open. */
    private static EntryMeta add(Spool spool, String id) throws IOException {
        byte[] content = ("Subject: " + id + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
        ContentRef ref = spool.appendContent(out -> out.write(content));
        EntryMeta m = new EntryMeta(id, "src-" + id, "<" + id + "@x>", Mailbox.parse("a@x.test"),
                List.of(Mailbox.parse("b@y.test")), "", content.length, false, Instant.parse("2024-05-01T12:00:00Z"),
                0, Optional.empty(), "", ref);
        spool.addNew(m);
        return m;
    }

    private static String content(Spool spool, EntryMeta m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        spool.content(m).writeTo(out);
        return out.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void everyStateAndTheContentSurviveAReopen() throws IOException {
        EntryMeta queued;
        try (Spool spool = Spool.open(root, true)) {
            queued = add(spool, "aaaa");
            EntryMeta sent = add(spool, "bbbb");
            spool.markSending(sent.id());
            spool.recordSent(sent.id());
            EntryMeta failed = add(spool, "cccc");
            spool.record(SpoolState.FAILED, failed.attempted("550 no", Optional.empty()));
            EntryMeta later = add(spool, "dddd");
            spool.record(SpoolState.DEFERRED, later.attempted("451 later", Optional.of(Instant.parse("2030-01-01T00:00:00Z"))));
        }
        try (Spool spool = Spool.open(root, true)) {
            assertThat(spool.find("aaaa")).contains(SpoolState.QUEUE);
            assertThat(spool.find("bbbb")).contains(SpoolState.SENT);
            assertThat(spool.find("cccc")).contains(SpoolState.FAILED);
            assertThat(spool.find("dddd")).contains(SpoolState.DEFERRED);
            assertThat(spool.read("cccc").orElseThrow().lastReply()).isEqualTo("550 no");
            assertThat(content(spool, spool.read("aaaa").orElseThrow())).isEqualTo(content(spool, queued))
                    .isEqualTo("Subject: aaaa\r\n\r\nbody\r\n");
            assertThat(spool.pending(Router.smarthost("127.0.0.1", 25))).extracting(Pending::id).containsExactlyInAnyOrder("aaaa", "dddd");
            assertThat(spool.pending(Router.smarthost("127.0.0.1", 25))).filteredOn(p -> p.id().equals("dddd")).singleElement()
                    .extracting(Pending::due).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
            assertThat(Recovery.run(spool, false).anything()).isFalse();
        }
        assertThat(list(root.resolve("journal"))).as("compacted into one journal").hasSize(1);
    }

    @Test
    void aMarkedEntryBecomesUnknownAndStaysSo() throws IOException {
        try (Spool spool = Spool.open(root, false)) {
            add(spool, "aaaa");
            add(spool, "bbbb");
            spool.markSending("aaaa"); // and then the process died
        }
        try (Spool spool = Spool.open(root, false)) {
            Recovery.Report report = Recovery.run(spool, false);
            assertThat(report.unknown()).isEqualTo(1);
            assertThat(spool.find("aaaa")).contains(SpoolState.UNKNOWN);
            assertThat(spool.find("bbbb")).as("never marked: sent again").contains(SpoolState.QUEUE);
            EntryMeta unknown = spool.read("aaaa").orElseThrow();
            assertThat(unknown.attempts()).isEqualTo(1);
            assertThat(unknown.lastReply()).contains("RFC 1047");
            assertThat(content(spool, unknown)).startsWith("Subject: aaaa"); // kept: possibly not delivered
        }
        try (Spool spool = Spool.open(root, false)) {
            assertThat(spool.find("aaaa")).contains(SpoolState.UNKNOWN);
            assertThat(spool.counts().get(SpoolState.ACTIVE)).isZero();
        }
    }

    @Test
    void resendUnknownQueuesMarkedAndUnknownEntriesAgain() throws IOException {
        try (Spool spool = Spool.open(root, false)) {
            add(spool, "aaaa");
            spool.markSending("aaaa");
            EntryMeta c = add(spool, "cccc");
            spool.record(SpoolState.UNKNOWN, c);
        }
        try (Spool spool = Spool.open(root, false)) {
            Recovery.Report report = Recovery.run(spool, true);
            assertThat(report.resent()).isEqualTo(1);
            assertThat(report.requeued()).isEqualTo(1);
            assertThat(spool.find("aaaa")).contains(SpoolState.QUEUE);
            assertThat(spool.find("cccc")).contains(SpoolState.QUEUE);
        }
    }

    @Test
    void aTornLastRecordIsWhereReplayStops() throws IOException {
        try (Spool spool = Spool.open(root, false)) {
            add(spool, "aaaa");
            add(spool, "bbbb");
        }
        Path journal = list(root.resolve("journal")).getFirst();
        long size = Files.size(journal);
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE)) {
            ch.truncate(size - 10); // bbbb's record cut short by a power cut
        }
        try (Spool spool = Spool.open(root, false)) {
            assertThat(spool.find("aaaa")).contains(SpoolState.QUEUE);
            assertThat(spool.find("bbbb")).isEmpty();
            assertThat(Recovery.run(spool, false).cleaned()).isEqualTo(1);
        }
    }

    @Test
    void aDamagedRecordEndsTheReplayOfItsJournal() throws IOException {
        try (Spool spool = Spool.open(root, false)) {
            add(spool, "aaaa");
            add(spool, "bbbb");
        }
        Path journal = list(root.resolve("journal")).getFirst();
        String text = Files.readString(journal, StandardCharsets.ISO_8859_1);
        Files.writeString(journal, text.replace("src-bbbb", "src-bbbX"), StandardCharsets.ISO_8859_1);
        try (Spool spool = Spool.open(root, false)) {
            assertThat(spool.find("aaaa")).contains(SpoolState.QUEUE);
            assertThat(spool.find("bbbb")).as("its checksum fails").isEmpty();
        }
    }

    @Test
    void anEntryWhoseContentWasCutShortIsDroppedButAFinishedOneIsKept() throws IOException {
        try (Spool spool = Spool.open(root, false)) {
            EntryMeta done = add(spool, "aaaa");
            spool.record(SpoolState.FAILED, done);
            add(spool, "bbbb");
        }
        Path segment = list(root.resolve("data")).getFirst();
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 3);
        }
        try (Spool spool = Spool.open(root, false)) {
            assertThat(spool.find("aaaa")).contains(SpoolState.FAILED);
            assertThat(spool.find("bbbb")).isEmpty();
            assertThat(spool.cleanedAtOpen()).isEqualTo(1);
        }
    }

    @Test
    void contentOnlyDeliveredEntriesReferToIsDeleted() throws IOException {
        try (Spool spool = Spool.open(root, false)) {
            add(spool, "aaaa");
            spool.markSending("aaaa");
            spool.recordSent("aaaa");
        }
        try (Spool spool = Spool.open(root, false)) {
            EntryMeta fresh = add(spool, "bbbb"); // a new segment: an old one is never appended to
            assertThat(fresh.content().segment()).isEqualTo(2);
            assertThat(list(root.resolve("data"))).extracting(p -> p.getFileName().toString())
                    .containsExactly("00000002.seg");
            assertThat(spool.find("aaaa")).as("still known: a rerun does not add it again").contains(SpoolState.SENT);
        }
    }

    @Test
    void aSpoolFromTheFilePerMessageLayoutIsRefusedNotSilentlyIgnored() throws IOException {
        Files.createDirectories(root.resolve("queue"));
        Files.writeString(root.resolve("queue/abcd.meta"), "id: abcd\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Spool.open(root, false))
                .isInstanceOf(IOException.class).hasMessageContaining("unsent messages")
                .hasMessageContaining("earlier pigeon");
    }

    @Test
    void aRecordOfAnUnknownTypeIsRefusedWithoutChangingAnything() throws IOException {
        try (Spool spool = Spool.open(root, false)) {
            add(spool, "aaaa");
        }
        Path journal = list(root.resolve("journal")).getFirst();
        Files.write(journal, Journal.encode("shiny", "aaaa", new byte[0]), StandardOpenOption.APPEND);
        byte[] before = Files.readAllBytes(journal);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Spool.open(root, false))
                .isInstanceOf(IOException.class).hasMessageContaining("unknown type 'shiny'");
        assertThat(list(root.resolve("journal"))).containsExactly(journal);
        assertThat(Files.readAllBytes(journal)).isEqualTo(before);
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
