package dev.pigeon.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path dir;

    @Test
    void recordsAreReadBackByPositionAndInOrder() throws IOException {
        Path file = dir.resolve("00000001.log");
        long first;
        long second;
        byte[] big = "x\n".repeat(3000).getBytes(StandardCharsets.US_ASCII);
        try (Journal j = Journal.create(file)) {
            first = j.append("queue", "abc", "one\ntwo\n".getBytes(StandardCharsets.UTF_8));
            second = j.append("sent", "abc", big);
            j.append("active", "def", new byte[0]);
            assertThat(j.read(first).payload()).asString(StandardCharsets.UTF_8).isEqualTo("one\ntwo\n");
            assertThat(j.read(second).payload()).isEqualTo(big);
        }
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).startsWith("P1 queue abc 8 ");
        List<String> seen = new ArrayList<>();
        assertThat(Journal.replay(file, r -> seen.add(r.type() + " " + r.id() + " " + r.payload().length + " " + r.position())))
                .isZero();
        assertThat(seen).containsExactly("queue abc 8 " + first, "sent abc " + big.length + " " + second,
                "active def 0 " + (second + Journal.encode("sent", "abc", big).length));
    }

    @Test
    void replayStopsAtATornRecordAndSaysHowMuchItLeft() throws IOException {
        Path file = dir.resolve("00000001.log");
        try (Journal j = Journal.create(file)) {
            j.append("queue", "abc", "one\n".getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = Files.readAllBytes(file);
        byte[] next = Journal.encode("queue", "def", "two\n".getBytes(StandardCharsets.UTF_8));
        for (int cut = 1; cut < next.length; cut++) {
            byte[] torn = new byte[whole.length + cut];
            System.arraycopy(whole, 0, torn, 0, whole.length);
            System.arraycopy(next, 0, torn, whole.length, cut);
            Files.write(file, torn);
            List<String> ids = new ArrayList<>();
            assertThat(Journal.replay(file, r -> ids.add(r.id()))).as("cut at %d", cut).isEqualTo(cut);
            assertThat(ids).containsExactly("abc");
        }
    }

    @Test
    void readingADamagedRecordFails() throws IOException {
        Path file = dir.resolve("00000001.log");
        try (Journal j = Journal.create(file)) {
            long at = j.append("queue", "abc", "payload".getBytes(StandardCharsets.UTF_8));
            Files.writeString(file, Files.readString(file).replace("payload", "paylOad"));
            assertThatThrownBy(() -> j.read(at)).isInstanceOf(IOException.class).hasMessageContaining("checksum");
        }
    }
}
