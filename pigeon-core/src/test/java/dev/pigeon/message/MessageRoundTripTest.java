package dev.pigeon.message;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Address;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Composes messages and reads them back with Jakarta Mail: every value must survive exactly. */
class MessageRoundTripTest {
    private static final Instant NOW = Instant.parse("2026-03-01T09:30:05Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static Stream<String> bodies() {
        return Stream.of(
                "",
                "plain ASCII\nsecond line",
                "Grüße aus Köln — 日本語 — emoji 😀🎉",
                "x".repeat(998),
                "y".repeat(999),
                "z".repeat(5000) + "\nafter a long line\n" + "é".repeat(1200),
                "trailing spaces   \ntrailing tab\t\n \t \n",
                "a = b\n=3D is not decoded twice\n==\n=",
                ".\n.leading dot\n..two dots\n.",
                "From the start\nFrom \n>From quoted",
                "mixed\r\nline\rbreaks\n\nend\r\n",
                "NUL \0 and ESC \u001b controls",
                "space before soft break " + "k".repeat(72) + " tail" + " ".repeat(80) + "end",
                "=" .repeat(200) + " " + "ü".repeat(100) + "\t");
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void bodyReadsBackExactly(String text) throws Exception {
        Message message = Message.builder().from("ann@example.org").clock(CLOCK).subject("body").text(text).build();
        byte[] bytes = message.toBytes();
        MimeCheck.lines(bytes);
        MimeMessage parsed = MimeCheck.parse(bytes);

        assertThat(parsed.getContent()).isEqualTo(TextBody.withCrlfLines(text));
        assertThat(parsed.getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
        boolean sevenBit = text.chars().allMatch(c -> c > 0 && c < 0x80)
                && Arrays.stream(text.split("\r\n|\r|\n")).allMatch(l -> l.length() <= 998);
        assertThat(parsed.getEncoding()).isEqualTo(sevenBit ? "7bit" : "quoted-printable");
        if (!sevenBit) {
            assertThat(bodyLines(bytes)).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(76));
        }
    }

    @Test
    void quotedPrintableBodyEncodesTrailingWhitespaceEqualsSignsAndLeadingDots() {
        Message message = Message.builder().from("ann@example.org").clock(CLOCK)
                .text("é\nends with space \nends with tab\t\na=b\n.dot\nFrom here").build();
        assertThat(bodyLines(message.toBytes())).containsExactly(
                "=C3=A9", "ends with space=20", "ends with tab=09", "a=3Db", "=2Edot", "=46rom here");
    }

    @Test
    void headersReadBackExactly() throws Exception {
        String subject = "Ünïcödé subject with emoji 😀 and a long tail to force several encoded words "
                + "日本語のテキスト".repeat(5);
        Message message = Message.builder()
                .from(dev.pigeon.message.Address.of("Ann \"The Boss\" Example, Ltd.", mailbox("ann@example.org")))
                .to(dev.pigeon.message.Address.of("Jürgen Müller", mailbox("j@example.de")),
                        dev.pigeon.message.Address.parse("bob@example.net"))
                .to("plain@example.net")
                .cc("\"Doe, Jane\" <jane@example.com>", "=?fake?= <fake@example.com>")
                .subject(subject)
                .header("X-Plain", "a plain value")
                .header("X-Unicode", "Straße 👍")
                .header("X-Looks-Encoded", "=?UTF-8?B?Zm9v?=")
                .header("X-Blank-Edges", "  padded\t")
                .header("X-Long", "word ".repeat(100).strip())
                .header("X-Blanks", "tab\tand  double  spaces\t\t".repeat(10) + "end")
                .header("X-Very-Long-Word", "w".repeat(3000))
                .header("Comments", "first")
                .header("Comments", "second")
                .clock(CLOCK)
                .messageId("id.42@example.org")
                .text("body")
                .build();
        byte[] bytes = message.toBytes();
        MimeCheck.lines(bytes);
        assertThat(MimeCheck.headerLines(bytes)).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(78));
        MimeMessage parsed = MimeCheck.parse(bytes);

        assertThat(parsed.getSubject()).isEqualTo(subject);
        assertThat(parsed.getSentDate()).isEqualTo(Date.from(NOW));
        assertThat(parsed.getMessageID()).isEqualTo("<id.42@example.org>");
        assertThat(parsed.getHeader("MIME-Version")).containsExactly("1.0");
        assertThat(people(parsed.getFrom())).containsExactly("Ann \"The Boss\" Example, Ltd. / ann@example.org");
        assertThat(people(parsed.getRecipients(jakarta.mail.Message.RecipientType.TO))).containsExactly(
                "Jürgen Müller / j@example.de", "null / bob@example.net", "null / plain@example.net");
        assertThat(people(parsed.getRecipients(jakarta.mail.Message.RecipientType.CC))).containsExactly(
                "Doe, Jane / jane@example.com", "=?fake?= / fake@example.com");
        assertThat(MimeCheck.decodedHeader(parsed, "X-Plain")).isEqualTo("a plain value");
        assertThat(MimeCheck.decodedHeader(parsed, "X-Unicode")).isEqualTo("Straße 👍");
        assertThat(MimeCheck.decodedHeader(parsed, "X-Looks-Encoded")).isEqualTo("=?UTF-8?B?Zm9v?=");
        assertThat(MimeCheck.decodedHeader(parsed, "X-Blank-Edges")).isEqualTo("  padded\t");
        assertThat(MimeCheck.decodedHeader(parsed, "X-Long")).isEqualTo("word ".repeat(100).strip());
        assertThat(MimeCheck.decodedHeader(parsed, "X-Blanks")).isEqualTo("tab\tand  double  spaces\t\t".repeat(10) + "end");
        assertThat(MimeCheck.decodedHeader(parsed, "X-Very-Long-Word")).isEqualTo("w".repeat(3000));
        assertThat(parsed.getHeader("Comments")).containsExactly("first", "second");
        assertThat(message.headers()).extracting(HeaderField::name).containsExactly("Date", "From", "To", "Cc",
                "Subject", "Message-ID", "MIME-Version", "X-Plain", "X-Unicode", "X-Looks-Encoded",
                "X-Blank-Edges", "X-Long", "X-Blanks", "X-Very-Long-Word", "Comments", "Comments", "Content-Type",
                "Content-Transfer-Encoding");
    }

    @Test
    void anExtraFieldNamedLikeAGeneratedOneReplacesItInPlace() throws Exception {
        Message message = Message.builder().from("ann@example.org").to("bob@example.net").subject("generated")
                .header("subject", "from the user")
                .header("Message-ID", "<user@example.org>")
                .header("To", "undisclosed-recipients:;")
                .clock(CLOCK)
                .build();
        MimeMessage parsed = MimeCheck.parse(message.toBytes());
        assertThat(parsed.getHeader("Subject")).containsExactly("from the user");
        assertThat(parsed.getHeader("To")).containsExactly("undisclosed-recipients:;");
        assertThat(parsed.getMessageID()).isEqualTo("<user@example.org>");
        assertThat(message.messageId()).isEqualTo("<user@example.org>");
        assertThat(message.headers()).extracting(HeaderField::name)
                .containsExactly("Date", "From", "To", "subject", "Message-ID", "MIME-Version", "Content-Type",
                        "Content-Transfer-Encoding");
    }

    private static java.util.List<String> bodyLines(byte[] message) {
        java.util.List<String> lines = MimeCheck.lines(message);
        return lines.subList(lines.indexOf("") + 1, lines.size());
    }

    private static java.util.List<String> people(Address[] addresses) {
        return Arrays.stream(addresses).map(a -> (InternetAddress) a)
                .map(a -> a.getPersonal() + " / " + a.getAddress()).toList();
    }

    private static dev.pigeon.protocol.Mailbox mailbox(String address) {
        return dev.pigeon.protocol.Mailbox.parse(address);
    }
}
