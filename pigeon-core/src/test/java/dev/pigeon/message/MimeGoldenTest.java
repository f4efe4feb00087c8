package dev.pigeon.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** One message using every MIME level, byte for byte (the random is seeded, so boundaries are fixed). */
class MimeGoldenTest {
    @Test
    void mixedRelatedAlternativeIsByteExact() throws Exception {
        Message message = Message.builder().from("Ann <ann@example.org>").to("bob@example.net").cc("carol@example.net")
                .bcc("dave@example.net").replyTo("help@example.org").subject("Files")
                .clock(Clock.fixed(Instant.parse("2026-03-01T09:30:05Z"), ZoneOffset.UTC))
                .messageId("gold@example.org").random(new SplittableRandom(1))
                .text("See the files.").html("<p>See <img src=\"cid:dot\"></p>")
                .attach(Attachment.of("dot.gif", new byte[] {71, 73, 70, 56, 57, 97}).asInline("dot"))
                .attach(Attachment.of("Grüße.txt", "hello\n".getBytes(StandardCharsets.US_ASCII)))
                .build();
        String expected = """
                Date: Sun, 1 Mar 2026 09:30:05 +0000\r
                From: Ann <ann@example.org>\r
                Reply-To: help@example.org\r
                To: bob@example.net\r
                Cc: carol@example.net\r
                Subject: Files\r
                Message-ID: <gold@example.org>\r
                MIME-Version: 1.0\r
                Content-Type: multipart/mixed; boundary="=_pigeon_DMzwDkGQiWd8h2PJwhfsjY0c"\r
                \r
                --=_pigeon_DMzwDkGQiWd8h2PJwhfsjY0c\r
                Content-Type: multipart/related; boundary="=_pigeon_e7BeLImZXOfgCKeUaCkJrWOc";\r
                 type="multipart/alternative"\r
                \r
                --=_pigeon_e7BeLImZXOfgCKeUaCkJrWOc\r
                Content-Type: multipart/alternative;\r
                 boundary="=_pigeon_46bhtKClH8ScOM8K4HJ4qVw8"\r
                \r
                --=_pigeon_46bhtKClH8ScOM8K4HJ4qVw8\r
                Content-Type: text/plain; charset=UTF-8\r
                Content-Transfer-Encoding: 7bit\r
                \r
                See the files.\r
                \r
                --=_pigeon_46bhtKClH8ScOM8K4HJ4qVw8\r
                Content-Type: text/html; charset=UTF-8\r
                Content-Transfer-Encoding: 7bit\r
                \r
                <p>See <img src="cid:dot"></p>\r
                \r
                --=_pigeon_46bhtKClH8ScOM8K4HJ4qVw8--\r
                \r
                --=_pigeon_e7BeLImZXOfgCKeUaCkJrWOc\r
                Content-Type: image/gif; name="dot.gif"\r
                Content-Transfer-Encoding: base64\r
                Content-Disposition: inline; filename="dot.gif"\r
                Content-ID: <dot>\r
                \r
                R0lGODlh\r
                --=_pigeon_e7BeLImZXOfgCKeUaCkJrWOc--\r
                \r
                --=_pigeon_DMzwDkGQiWd8h2PJwhfsjY0c\r
                Content-Type: text/plain; name*=UTF-8''Gr%C3%BC%C3%9Fe.txt\r
                Content-Transfer-Encoding: base64\r
                Content-Disposition: attachment; filename*=UTF-8''Gr%C3%BC%C3%9Fe.txt\r
                \r
                aGVsbG8K\r
                --=_pigeon_DMzwDkGQiWd8h2PJwhfsjY0c--\r
                """;
        assertThat(new String(MimeFixtures.written(message), StandardCharsets.US_ASCII)).isEqualTo(expected);
        assertThat(message.size()).hasValue(expected.length());
        assertThat(message.envelopeRecipients()).extracting(dev.pigeon.protocol.Mailbox::address)
                .containsExactly("bob@example.net", "carol@example.net", "dave@example.net");
    }
}
