package dev.pigeon.message;

import static dev.pigeon.message.MimeFixtures.builder;
import static dev.pigeon.message.MimeFixtures.multipart;
import static dev.pigeon.message.MimeFixtures.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.pigeon.protocol.Mailbox;
import jakarta.mail.BodyPart;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MIME tree, recipients and header fields, read back with Jakarta Mail. */
class MimeStructureTest {
    @TempDir
    Path dir;

    @Test
    void ccAndReplyToAreHeadersWhileBccIsOnlyInTheEnvelope() throws Exception {
        Message message = builder()
                .to("Carol <carol@example.net>")
                .cc("Dave <dave@example.com>", "bob@example.net")
                .bcc("secret@hidden.example", "Eve Hidden <eve@hidden.example>")
                .replyTo("Help Desk <help@example.org>", "list@example.org")
                .build();
        byte[] bytes = message.toBytes();
        String text = new String(bytes, StandardCharsets.US_ASCII);
        MimeMessage parsed = MimeCheck.parse(bytes);

        assertThat(text).doesNotContainIgnoringCase("bcc").doesNotContain("secret@").doesNotContain("hidden.example")
                .doesNotContain("Eve");
        assertThat(parsed.getHeader("Bcc")).isNull();
        assertThat(people(parsed.getRecipients(RecipientType.TO)))
                .containsExactly("null <bob@example.net>", "Carol <carol@example.net>");
        assertThat(people(parsed.getRecipients(RecipientType.CC)))
                .containsExactly("Dave <dave@example.com>", "null <bob@example.net>");
        assertThat(people(parsed.getReplyTo())).containsExactly("Help Desk <help@example.org>", "null <list@example.org>");
        assertThat(message.envelopeRecipients()).extracting(Mailbox::address).containsExactly("bob@example.net",
                "carol@example.net", "dave@example.com", "secret@hidden.example", "eve@hidden.example");
        assertThat(MimeCheck.headerLines(bytes)).extracting(l -> l.substring(0, l.indexOf(':'))).containsExactly(
                "Date", "From", "Reply-To", "To", "Cc", "Subject", "Message-ID", "MIME-Version", "Content-Type",
                "Content-Transfer-Encoding");
    }

    @Test
    void builderReportsEnvelopeRecipientsBeforeBuilding() {
        MessageBuilder b = Message.builder().to("a@example.org").cc("b@example.org").bcc("c@example.org", "a@example.org");
        assertThat(b.envelopeRecipients()).extracting(Mailbox::address)
                .containsExactly("a@example.org", "b@example.org", "c@example.org");
    }

    @Test
    void aReplyToFieldFromTheCallerReplacesTheGeneratedOne() throws Exception {
        Message message = builder().replyTo("x@example.org").header("reply-to", "y@example.org").build();
        assertThat(MimeCheck.parse(message.toBytes()).getHeader("Reply-To")).containsExactly("y@example.org");
    }

    @Test
    void htmlAndTextAreAlternativesWithTheTextFirst() throws Exception {
        String text = "Hello Bob,\nsee the <b>bold</b> part.\n";
        String html = "<html><body><p>Hello Bob, see the <b>bold</b> part. Grüße</p></body></html>";
        Message message = builder().text(text).html(html).build();
        byte[] bytes = message.toBytes();
        MimeCheck.lines(bytes);
        MimeMessage parsed = MimeCheck.parse(bytes);

        assertThat(parsed.getContentType()).startsWith("multipart/alternative;").contains("boundary=\"=_pigeon_");
        assertThat(parsed.getHeader("Content-Transfer-Encoding")).isNull();
        assertThat(multipart(parsed).getCount()).isEqualTo(2);
        BodyPart plain = part(parsed, 0);
        BodyPart rich = part(parsed, 1);
        assertThat(plain.getContentType()).isEqualTo("text/plain; charset=UTF-8");
        assertThat(((jakarta.mail.internet.MimeBodyPart) plain).getEncoding()).isEqualTo("7bit");
        assertThat(plain.getContent()).isEqualTo(TextBody.withCrlfLines(text));
        assertThat(rich.getContentType()).isEqualTo("text/html; charset=UTF-8");
        assertThat(((jakarta.mail.internet.MimeBodyPart) rich).getEncoding()).isEqualTo("quoted-printable");
        assertThat(rich.getContent()).isEqualTo(html + "\r\n");
        assertThat(message.size()).hasValue(bytes.length);
    }

    @Test
    void htmlAloneIsASingleTextHtmlPart() throws Exception {
        MimeMessage parsed = MimeCheck.parse(builder().html("<p>only</p>").build().toBytes());
        assertThat(parsed.getContentType()).isEqualTo("text/html; charset=UTF-8");
        assertThat(parsed.getContent()).isEqualTo("<p>only</p>\r\n");
    }

    @Test
    void theFullTreeIsMixedOverRelatedOverAlternative() throws Exception {
        Path logo = MimeFixtures.randomFile(dir, "logo.png", 1000, 1);
        Path report = MimeFixtures.randomFile(dir, "report.pdf", 3000, 2);
        String html = "<p>Logo: <img src=\"cid:logo.png\"></p>";
        Message message = builder().text("see the logo").html(html)
                .attach(report)
                .attachInline(logo, "logo.png")
                .build();
        byte[] bytes = message.toBytes();
        MimeCheck.lines(bytes);
        MimeMessage parsed = MimeCheck.parse(bytes);

        assertThat(parsed.getContentType()).startsWith("multipart/mixed;");
        assertThat(multipart(parsed).getCount()).isEqualTo(2);
        BodyPart related = part(parsed, 0);
        assertThat(related.getContentType()).startsWith("multipart/related;").contains("type=\"multipart/alternative\"");
        BodyPart alternative = part(related, 0);
        assertThat(alternative.getContentType()).startsWith("multipart/alternative;");
        assertThat(part(alternative, 0).getContent()).isEqualTo("see the logo\r\n");
        assertThat(part(alternative, 1).getContent()).isEqualTo(html + "\r\n");

        jakarta.mail.internet.MimeBodyPart image = (jakarta.mail.internet.MimeBodyPart) part(related, 1);
        assertThat(image.getContentType()).isEqualTo("image/png; name=\"logo.png\"");
        assertThat(image.getContentID()).isEqualTo("<logo.png>");
        assertThat(image.getDisposition()).isEqualTo("inline");
        assertThat(image.getFileName()).isEqualTo("logo.png");
        assertThat(image.getEncoding()).isEqualTo("base64");
        assertThat(html).contains("cid:" + image.getContentID().replaceAll("[<>]", ""));
        assertThat(MimeFixtures.sha256(image.getInputStream())).isEqualTo(MimeFixtures.sha256(logo));

        jakarta.mail.internet.MimeBodyPart pdf = (jakarta.mail.internet.MimeBodyPart) part(parsed, 1);
        assertThat(pdf.getContentType()).isEqualTo("application/pdf; name=\"report.pdf\"");
        assertThat(pdf.getDisposition()).isEqualTo("attachment");
        assertThat(pdf.getFileName()).isEqualTo("report.pdf");
        assertThat(pdf.getContentID()).isNull();
        assertThat(MimeFixtures.sha256(pdf.getInputStream())).isEqualTo(MimeFixtures.sha256(report));
        assertThat(message.size()).hasValue(bytes.length);
    }

    @Test
    void inlinePartsWithoutHtmlRelateToTheTextPart() throws Exception {
        Message message = builder().text("x").attach(Attachment.of("a.gif", new byte[] {1, 2, 3}).asInline("<a@x>")).build();
        MimeMessage parsed = MimeCheck.parse(message.toBytes());
        assertThat(parsed.getContentType()).contains("multipart/related").contains("type=\"text/plain\"");
        assertThat(((jakarta.mail.internet.MimeBodyPart) part(parsed, 1)).getContentID()).isEqualTo("<a@x>");
    }

    @Test
    void attachmentsWithAnEmptyBodyStillLeadWithAnEmptyTextPart() throws Exception {
        Message message = builder().attach(Attachment.of("data.bin", new byte[] {0, -1})).build();
        MimeMessage parsed = MimeCheck.parse(message.toBytes());
        assertThat(part(parsed, 0).getContent()).isEqualTo("");
        assertThat(part(parsed, 1).getContentType()).isEqualTo("application/octet-stream; name=\"data.bin\"");
    }

    @Test
    void twoInlinePartsWithOneContentIdAreRefused() {
        MessageBuilder b = builder().attach(Attachment.of("a.png", new byte[1]).asInline("x"))
                .attach(Attachment.of("b.png", new byte[1]).asInline("X"));
        assertThatIllegalStateException().isThrownBy(b::build).withMessageContaining("Content-ID");
    }

    @Test
    void aBoundaryFoundInTheContentIsDrawnAgain() throws Exception {
        Message first = builder().text("a").html("b").build();
        String boundary = boundaryOf(first);
        Message second = builder().text("a " + boundary).html("b").build();
        assertThat(boundaryOf(second)).isNotEqualTo(boundary).startsWith("=_pigeon_");
        MimeMessage parsed = MimeCheck.parse(second.toBytes());
        assertThat(part(parsed, 0).getContent()).isEqualTo("a " + boundary + "\r\n");
        assertThat(boundaryOf(builder().text("a").html("b").build())).as("reproducible with a fixed random")
                .isEqualTo(boundary);
    }

    @Test
    void boundariesOfNestedMultipartsDiffer() {
        Message message = builder().text("t").html("h").attach(Attachment.of("a.txt", new byte[] {'x'})).build();
        String text = new String(message.toBytes(), StandardCharsets.US_ASCII);
        List<String> boundaries = Arrays.stream(text.split("\r\n")).filter(l -> l.contains("boundary="))
                .map(l -> l.substring(l.indexOf("boundary=\"") + 10, l.lastIndexOf('"'))).toList();
        assertThat(boundaries).hasSize(2).doesNotHaveDuplicates();
        assertThat(message.headers()).extracting(HeaderField::name).endsWith("MIME-Version", "Content-Type");
    }

    @Test
    void aMessageIsRepeatableAndWritesTheSameBytesEachTime() throws Exception {
        Path file = MimeFixtures.randomFile(dir, "r.bin", 5000, 3);
        Message message = builder().text("t").attach(file).build();
        assertThat(MimeFixtures.written(message)).isEqualTo(MimeFixtures.written(message)).hasSize((int) message.size().getAsLong());
        assertThat(message.isRepeatable()).isTrue();
        assertThat(message.eightBit()).isEqualTo(MessageSource.EightBit.ABSENT);
    }

    private static String boundaryOf(Message message) {
        String type = message.headers().stream().filter(f -> f.hasName("Content-Type")).findFirst().orElseThrow().value();
        return type.substring(type.indexOf("boundary=\"") + 10, type.indexOf('"', type.indexOf("boundary=\"") + 10));
    }

    private static List<String> people(jakarta.mail.Address[] addresses) {
        return Arrays.stream(addresses).map(a -> (InternetAddress) a)
                .map(a -> a.getPersonal() + " <" + a.getAddress() + ">").toList();
    }

}
