package dev.pigeon.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pigeon.protocol.Mailbox;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EntryMetaTest {
    static EntryMeta sample() {
        return new EntryMeta("abc123", "in/a.eml\nsecond line", "<m1@x>", Mailbox.parse("a@x.test"),
                List.of(Mailbox.parse("b@y.test"), Mailbox.parse("c@y.test")), "y.test", 1234, true,
                Instant.parse("2024-05-01T12:00:00Z"), 2, Optional.of(Instant.parse("2024-05-01T12:05:00Z")),
                "451 4.3.0 back\\slash \r\n later", new ContentRef(3, 4096));
    }

    @Test
    void roundTripsEveryFieldWithLineBreaksAndBackslashesEscaped() {
        EntryMeta meta = sample();
        byte[] bytes = meta.toBytes();
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).contains("source: in/a.eml\\nsecond line\n", "to: b@y.test\nto: c@y.test\n", "content: 3:4096\n")
                .endsWith("end: \n");
        assertThat(EntryMeta.parse(bytes)).isEqualTo(meta);
    }

    @Test
    void theNullSenderAndNoNextAttemptRoundTrip() {
        EntryMeta meta = new EntryMeta("id", "", "", Mailbox.NULL, List.of(Mailbox.parse("b@y.test")), "", 0, false,
                Instant.EPOCH, 0, Optional.empty(), "", new ContentRef(0, 0));
        assertThat(EntryMeta.parse(meta.toBytes())).isEqualTo(meta);
    }

    @Test
    void aFileCutShortAnywhereIsRefused() {
        byte[] whole = sample().toBytes();
        for (int cut = 0; cut < whole.length - 1; cut++) {
            byte[] part = java.util.Arrays.copyOf(whole, cut);
            int at = cut;
            assertThatThrownBy(() -> EntryMeta.parse(part)).as("cut at %d", at).isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void unknownFieldsFromALaterVersionAreIgnored() {
        String text = new String(sample().toBytes(), StandardCharsets.UTF_8).replace("end: \n", "shiny: new\nend: \n");
        assertThat(EntryMeta.parse(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(sample());
    }

    @Test
    void anEntryNeedsARecipient() {
        assertThatThrownBy(() -> new EntryMeta("id", "", "", Mailbox.NULL, List.of(), "", 0, false, Instant.EPOCH, 0,
                Optional.empty(), "", new ContentRef(0, 0))).isInstanceOf(IllegalArgumentException.class);
    }
}
