package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pigeon.message.Message;
import dev.pigeon.message.MessageBuilder;
import dev.pigeon.protocol.Mailbox;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The message options parsed by picocli and applied to a builder, read back with Jakarta Mail. */
class MessageOptionsTest {
    @TempDir
    Path dir;

    @Command(name = "test")
    static final class Holder {
        @Mixin
        MessageOptions message = new MessageOptions();
    }

    @Test
    void nothingGivenChangesNothing() throws Exception {
        MessageOptions options = parse();
        assertThat(options.isUsed()).isFalse();
        assertThat(options.envelopeRecipients(java.util.List.of(Mailbox.parse("bob@example.net"))))
                .containsExactly(Mailbox.parse("bob@example.net"));
        assertThat(options.composingOptionsUsed()).isEmpty();
        MimeMessage parsed = compose(options);
        assertThat(parsed.getContentType()).isEqualTo("text/plain; charset=UTF-8");
    }

    @Test
    void ccBccAndReplyToGoWhereTheyBelong() throws Exception {
        MessageOptions options = parse("--cc", "Carol <carol@example.net>", "--cc", "dave@example.com",
                "--bcc", "hidden@example.org", "--reply-to", "Help <help@example.org>");
        assertThat(options.isUsed()).isTrue();
        assertThat(options.composingOptionsUsed()).containsExactly("--cc", "--reply-to");
        assertThat(options.envelopeRecipients(java.util.List.of(Mailbox.parse("bob@example.net"),
                Mailbox.parse("dave@example.com")))).extracting(Mailbox::address)
                .containsExactly("bob@example.net", "dave@example.com", "carol@example.net", "hidden@example.org");
        byte[] bytes = bytes(options);
        MimeMessage parsed = parse(bytes);
        assertThat(Arrays.stream(parsed.getRecipients(jakarta.mail.Message.RecipientType.CC))
                .map(a -> ((InternetAddress) a).getAddress())).containsExactly("carol@example.net", "dave@example.com");
        assertThat(((InternetAddress) parsed.getReplyTo()[0]).getPersonal()).isEqualTo("Help");
        assertThat(new String(bytes, StandardCharsets.US_ASCII)).doesNotContain("hidden").doesNotContainIgnoringCase("bcc:");
    }

    @Test
    void htmlFromTextOrFileMakesAnAlternative() throws Exception {
        Path file = Files.writeString(dir.resolve("page.html"), "<p>Grüße</p>\n");
        for (String[] args : new String[][] {{"--html", "<p>Grüße</p>"}, {"--html", "@" + file}}) {
            MimeMessage parsed = compose(parse(args));
            MimeMultipart alternative = (MimeMultipart) parsed.getContent();
            assertThat(parsed.getContentType()).startsWith("multipart/alternative");
            assertThat(alternative.getBodyPart(0).getContent()).isEqualTo("the text\r\n");
            assertThat(alternative.getBodyPart(1).getContentType()).isEqualTo("text/html; charset=UTF-8");
            assertThat(alternative.getBodyPart(1).getContent()).isEqualTo("<p>Grüße</p>\r\n");
        }
    }

    @Test
    void htmlFileProblemsAreBadInput() throws Exception {
        Path latin1 = Files.write(dir.resolve("latin1.html"), new byte[] {'<', 'p', '>', (byte) 0xE9});
        assertFailure(() -> parse("--html", "@" + latin1).applyTo(builder()), 65, "not UTF-8");
        assertFailure(() -> parse("--html", "@" + dir.resolve("missing.html")).applyTo(builder()), 65, "no such file");
    }

    @Test
    void attachmentsAndInlinePartsAreAttachedWithTheirBytes() throws Exception {
        byte[] pdf = new byte[5000];
        new java.util.Random(1).nextBytes(pdf);
        Path report = Files.write(dir.resolve("report.pdf"), pdf);
        Path logo = Files.write(dir.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Path notes = Files.writeString(dir.resolve("notes.txt"), "hello");
        MessageOptions options = parse("--html", "<img src=\"cid:logo.png\">", "--attach", report.toString(),
                "--attach", notes.toString(), "--attach-inline", logo.toString());
        MimeMessage parsed = compose(options);

        MimeMultipart mixed = (MimeMultipart) parsed.getContent();
        assertThat(parsed.getContentType()).startsWith("multipart/mixed");
        assertThat(mixed.getCount()).isEqualTo(3);
        MimeMultipart related = (MimeMultipart) mixed.getBodyPart(0).getContent();
        MimeBodyPart image = (MimeBodyPart) related.getBodyPart(1);
        assertThat(image.getContentID()).isEqualTo("<logo.png>");
        assertThat(image.getContentType()).startsWith("image/png");
        assertThat(image.getInputStream().readAllBytes()).isEqualTo(Files.readAllBytes(logo));
        MimeBodyPart first = (MimeBodyPart) mixed.getBodyPart(1);
        assertThat(first.getFileName()).isEqualTo("report.pdf");
        assertThat(first.getContentType()).startsWith("application/pdf");
        assertThat(first.getInputStream().readAllBytes()).isEqualTo(pdf);
        assertThat(mixed.getBodyPart(2).getFileName()).isEqualTo("notes.txt");
        assertThat(mixed.getBodyPart(2).getInputStream().readAllBytes()).isEqualTo("hello".getBytes());
    }

    @Test
    void onlyBccMayAccompanyAPreparedMessage() {
        MessageOptions options = parse("--bcc", "x@example.org");
        assertThat(options.isUsed()).isTrue();
        assertThat(options.composingOptionsUsed()).isEmpty();
        assertThat(parse("--html", "h", "--attach", "f", "--attach-inline", "g", "--charset", "UTF-8")
                .composingOptionsUsed()).containsExactly("--html", "--attach", "--attach-inline", "--charset");
    }

    @Test
    void contentIdsComeFromFileNames() {
        assertThat(MessageOptions.contentIdFor(Path.of("/x/logo.png"))).isEqualTo("logo.png");
        assertThat(MessageOptions.contentIdFor(Path.of("my logo (1).png"))).isEqualTo("my_logo__1_.png");
        assertThat(MessageOptions.contentIdFor(Path.of("Grüße.gif"))).isEqualTo("Gr__e.gif");
        assertThat(MessageOptions.contentIdFor(Path.of(".hidden..png."))).isEqualTo("_.hidden._png._");
        assertThat(MessageOptions.contentIdFor(Path.of("/"))).isEqualTo("inline");
    }

    @Test
    void twoInlineFilesWithOneNameAreBadInput() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a")).resolve("logo.png");
        Path b = Files.createDirectories(dir.resolve("b")).resolve("LOGO.png");
        Files.write(a, new byte[1]);
        Files.write(b, new byte[1]);
        assertFailure(() -> parse("--attach-inline", a.toString(), "--attach-inline", b.toString()).applyTo(builder()),
                65, "rename one");
    }

    @Test
    void aMissingAttachmentIsBadInputNamingTheOption() {
        Path missing = dir.resolve("missing.pdf");
        assertFailure(() -> parse("--attach", missing.toString()).applyTo(builder()), 65, "--attach");
        assertFailure(() -> parse("--attach", dir.toString()).applyTo(builder()), 65, "not a regular file");
        assertFailure(() -> parse("--attach-inline", missing.toString()).applyTo(builder()), 65, "no such file");
    }

    @Test
    void charsetIsAppliedAndCheckedWhenParsed() throws Exception {
        MimeMessage parsed = compose(parse("--charset", "iso-8859-1"), "Grüße");
        assertThat(parsed.getContentType()).isEqualTo("text/plain; charset=ISO-8859-1");
        assertThat(parsed.getContent()).isEqualTo("Grüße\r\n");
        assertThatThrownBy(() -> parse("--charset", "no-such-charset")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("not a charset");
        assertThatThrownBy(() -> parse("--charset", "UTF-16")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("does not write ASCII");
    }

    @Test
    void anUnrepresentableCharacterIsRefusedWhenBuilding() {
        MessageBuilder builder = builder().text("5 €");
        parse("--charset", "ISO-8859-1").applyTo(builder);
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+20AC").hasMessageContaining("ISO-8859-1");
    }

    @Test
    void controlsInAddressesAreUsageErrorsAndBadAddressesBadInput() {
        assertFailure(() -> parse("--cc", "a@example.org\r\nBcc: x@y").checkNoControls(), 64, "--cc");
        assertFailure(() -> parse("--bcc", "a@b\n").checkNoControls(), 64, "--bcc");
        assertFailure(() -> parse("--reply-to", "a@b\0").checkNoControls(), 64, "--reply-to");
        assertFailure(() -> parse("--cc", "not an address").envelopeRecipients(java.util.List.of()), 65, "--cc");
        assertFailure(() -> parse("--bcc", "x@").applyTo(builder()), 65, "--bcc");
        assertFailure(() -> parse("--reply-to", "@@").applyTo(builder()), 65, "--reply-to");
    }

    private static MessageOptions parse(String... args) {
        Holder holder = new Holder();
        new CommandLine(holder).setExpandAtFiles(false).parseArgs(args);
        return holder.message;
    }

    private static MessageBuilder builder() {
        return Message.builder().from("ann@example.org").to("bob@example.net").messageId("x@example.org");
    }

    private static byte[] bytes(MessageOptions options) {
        MessageBuilder builder = builder().text("the text");
        options.applyTo(builder);
        return builder.build().toBytes();
    }

    private static MimeMessage compose(MessageOptions options) throws Exception {
        return parse(bytes(options));
    }

    private static MimeMessage compose(MessageOptions options, String text) throws Exception {
        MessageBuilder builder = builder().text(text);
        options.applyTo(builder);
        return parse(builder.build().toBytes());
    }

    private static MimeMessage parse(byte[] bytes) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
    }

    private static void assertFailure(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int exit, String text) {
        assertThatThrownBy(call).isInstanceOfSatisfying(Failure.class, f -> {
            assertThat(f.exitCode()).isEqualTo(exit);
            assertThat(f.getMessage()).contains(text);
        });
    }
}
