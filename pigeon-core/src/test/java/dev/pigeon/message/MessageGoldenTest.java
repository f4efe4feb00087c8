package dev.pigeon.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MessageGoldenTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T09:30:05Z"), ZoneOffset.UTC);

    @Test
    void simpleAsciiMessageIsByteExact() throws Exception {
        Message message = Message.builder()
                .from("Ann Example <ann@example.org>")
                .to("bob@example.net", "Carol <carol@example.net>")
                .cc("dave@example.com")
                .subject("Lunch on Friday?")
                .text("Hi Bob,\nshall we?\n\n-- Ann")
                .clock(CLOCK)
                .messageId("fixed.1@example.org")
                .header("X-Mailer", "pigeon")
                .build();

        String expected = """
                Date: Sun, 1 Mar 2026 09:30:05 +0000\r
                From: Ann Example <ann@example.org>\r
                To: bob@example.net, Carol <carol@example.net>\r
                Cc: dave@example.com\r
                Subject: Lunch on Friday?\r
                Message-ID: <fixed.1@example.org>\r
                MIME-Version: 1.0\r
                X-Mailer: pigeon\r
                Content-Type: text/plain; charset=UTF-8\r
                Content-Transfer-Encoding: 7bit\r
                \r
                Hi Bob,\r
                shall we?\r
                \r
                -- Ann\r
                """;
        assertThat(new String(message.toBytes(), StandardCharsets.US_ASCII)).isEqualTo(expected);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        message.writeTo(written);
        assertThat(written.toByteArray()).isEqualTo(expected.getBytes(StandardCharsets.US_ASCII));
        assertThat(message.size()).hasValue(expected.length());
        assertThat(message.eightBit()).isEqualTo(MessageSource.EightBit.ABSENT);
        assertThat(message.isRepeatable()).isTrue();
        assertThat(message.messageId()).isEqualTo("<fixed.1@example.org>");
    }

    @Test
    void dateUsesTheClockZoneOffset() {
        Clock berlin = Clock.fixed(Instant.parse("2026-07-14T22:05:09Z"), ZoneId.of("Europe/Berlin"));
        String text = new String(minimal().clock(berlin).build().toBytes(), StandardCharsets.US_ASCII);
        assertThat(text).startsWith("Date: Wed, 15 Jul 2026 00:05:09 +0200\r\n");
    }

    @Test
    void generatedMessageIdIsRandomAtTheAuthorsDomainAndReproducibleWithAFixedRandom() {
        String first = minimal().random(new SplittableRandom(7)).build().messageId();
        String again = minimal().random(new SplittableRandom(7)).build().messageId();
        String other = minimal().build().messageId();
        assertThat(first).matches("<[a-z2-7]{26}@example\\.org>").isEqualTo(again);
        assertThat(other).matches("<[a-z2-7]{26}@example\\.org>").isNotEqualTo(first);
    }

    @Test
    void messageIdAcceptsAngleBracketsAndRefusesMalformedIds() {
        assertThat(minimal().messageId("<a.b@c.d>").build().messageId()).isEqualTo("<a.b@c.d>");
        assertThat(minimal().messageId("x@[192.0.2.1]").build().messageId()).isEqualTo("<x@[192.0.2.1]>");
        for (String bad : new String[] {"nodomain", "@c.d", "a@", "a b@c.d", "a..b@c.d", "a@b\r\nX: y", "<a@b"}) {
            org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                    .as(bad).isThrownBy(() -> Message.builder().messageId(bad));
        }
    }

    @Test
    void withoutToCcSubjectOrTextOnlyTheRequiredFieldsAreWritten() {
        String text = new String(minimal().build().toBytes(), StandardCharsets.US_ASCII);
        assertThat(MimeCheck.headerLines(text.getBytes(StandardCharsets.US_ASCII)))
                .extracting(l -> l.substring(0, l.indexOf(':')))
                .containsExactly("Date", "From", "Message-ID", "MIME-Version", "Content-Type",
                        "Content-Transfer-Encoding");
        assertThat(text).endsWith("Content-Transfer-Encoding: 7bit\r\n\r\n");
    }

    @Test
    void buildWithoutFromIsRefused() {
        org.assertj.core.api.Assertions.assertThatIllegalStateException()
                .isThrownBy(() -> Message.builder().to("bob@example.net").build())
                .withMessageContaining("From");
    }

    private static MessageBuilder minimal() {
        return Message.builder().from("ann@example.org").clock(CLOCK);
    }
}
