package dev.pigeon.message;

import static dev.pigeon.message.MimeFixtures.builder;
import static dev.pigeon.message.MimeFixtures.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Attachments: every byte, name, type and line read back; sizes exact; files streamed. */
class AttachmentTest {
    /** Around multiples of 57 octets (one base64 line) and of the 57 KiB streaming chunk. */
    private static final long[] SIZES = {0, 1, 2, 3, 4, 56, 57, 58, 113, 114, 115, 171, 1000,
            57 * 1024 - 1, 57 * 1024, 57 * 1024 + 1, 2 * 57 * 1024, 2 * 57 * 1024 + 2, 333_333};

    @TempDir
    Path dir;

    @Test
    void everyAttachmentByteRoundTripsForSizesAroundLineAndChunkMultiples() throws Exception {
        MessageBuilder builder = builder().text("files attached");
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < SIZES.length; i++) {
            Path file = MimeFixtures.randomFile(dir, "f" + i + "-" + SIZES[i] + ".bin", SIZES[i], i);
            files.add(file);
            builder.attach(file);
        }
        Message message = builder.build();
        byte[] bytes = MimeFixtures.written(message);
        assertThat(message.size()).hasValue(bytes.length);
        List<String> lines = MimeCheck.lines(bytes);
        MimeMessage parsed = MimeCheck.parse(bytes);

        assertThat(MimeFixtures.multipart(parsed).getCount()).isEqualTo(SIZES.length + 1);
        for (int i = 0; i < SIZES.length; i++) {
            MimeBodyPart part = (MimeBodyPart) part(parsed, i + 1);
            assertThat(part.getFileName()).isEqualTo(files.get(i).getFileName().toString());
            assertThat(part.getEncoding()).isEqualTo("base64");
            assertThat(part.getContentType()).startsWith("application/octet-stream;");
            assertThat(part.getDisposition()).isEqualTo("attachment");
            assertThat(MimeFixtures.sha256(part.getInputStream())).as("size " + SIZES[i])
                    .isEqualTo(MimeFixtures.sha256(files.get(i)));
        }
        List<String> base64Lines = lines.stream().filter(l -> l.matches("[A-Za-z0-9+/=]{20,}")).toList();
        assertThat(base64Lines).isNotEmpty().allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(76));
    }

    @Test
    void theBase64BodyIsFullLinesOf76WithAShortLastLineAndNoBlankLineInside() throws Exception {
        byte[] content = new byte[57 * 3 + 10];
        Message message = builder().attach(Attachment.of("z.bin", content)).build();
        String text = new String(message.toBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        String body = text.substring(text.indexOf("\r\n\r\n", text.indexOf("z.bin")) + 4);
        body = body.substring(0, body.indexOf("\r\n--"));
        String[] lines = body.split("\r\n", -1);
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).hasSize(76);
        assertThat(lines[2]).hasSize(76);
        assertThat(lines[3]).isEqualTo("AAAAAAAAAAAAAA==");
    }

    @ParameterizedTest
    @CsvSource({"report.PDF, application/pdf", "photo.jpeg, image/jpeg", "a.tar.gz, application/gzip",
            "notes.txt, text/plain", "page.html, text/html", "data.json, application/json", "x.unknownext, application/octet-stream",
            "noextension, application/octet-stream", "message.eml, application/octet-stream", "trailingdot., application/octet-stream"})
    void contentTypeIsDetectedFromTheExtension(String name, String type) throws Exception {
        Path file = Files.write(dir.resolve(name), new byte[] {1});
        Attachment attachment = Attachment.of(file);
        assertThat(attachment.contentType()).isEqualTo(type);
        MimeMessage parsed = MimeCheck.parse(builder().attach(attachment).build().toBytes());
        assertThat(part(parsed, 1).getContentType()).startsWith(type + ";");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Grüße aus Köln.pdf", "日本語のファイル名.txt", "emoji 😀.png", "quote\" and back\\slash.bin",
            "semi;colon=equals?.bin", "a-very-long-ascii-file-name-that-needs-rfc-2231-continuations-to-stay-short.txt",
            "Ünïcödé-and-long-ääääääääääääääääääääääääääääääääääääääääääää.dat", "50% off 'deal'*.txt", "=?UTF-8?B?Zm9v?=.txt", " padded .txt"})
    void fileNamesRoundTripIncludingNonAsciiOnesInRfc2231Form(String name) throws Exception {
        Message message = builder().attach(Attachment.of(name, new byte[] {42})).build();
        byte[] bytes = message.toBytes();
        List<String> headerLines = MimeCheck.lines(bytes);
        assertThat(headerLines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(78));
        MimeBodyPart part = (MimeBodyPart) part(MimeCheck.parse(bytes), 1);
        assertThat(part.getFileName()).isEqualTo(name);
        assertThat(new jakarta.mail.internet.ContentType(part.getContentType()).getParameter("name")).isEqualTo(name);
        if (!name.chars().allMatch(c -> c < 0x7F)) {
            assertThat(part.getHeader("Content-Disposition")[0]).contains("filename*").contains("UTF-8''");
        }
    }

    @Test
    void typeAndNameCanBeOverriddenAndAreChecked() throws Exception {
        Attachment a = Attachment.of("x.bin", new byte[] {1}).withContentType("Image/PNG").withFileName("y.png");
        assertThat(a.contentType()).isEqualTo("image/png");
        assertThat(a.fileName()).isEqualTo("y.png");
        assertThat(a.size()).isEqualTo(1);
        for (String bad : new String[] {"text/plain; charset=x", "text", "text/plain\r\nBcc: x", "a/b c", "message/rfc822",
                "multipart/mixed"}) {
            assertThatIllegalArgumentException().as(bad).isThrownBy(() -> a.withContentType(bad));
        }
        assertThatIllegalArgumentException().isThrownBy(() -> a.withFileName("lone \uD800 surrogate"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a\r\nb", "<>", "a@", "@b", "a..b", "a@b@c", "x\u00e9"})
    void malformedContentIdsAreRefused(String id) {
        assertThatIllegalArgumentException().isThrownBy(() -> Attachment.of("a.png", new byte[1]).asInline(id))
                .withMessageContaining("Content-ID");
    }

    @Test
    void contentIdsAcceptDotAtomsWithOrWithoutDomainAndBrackets() {
        Attachment a = Attachment.of("a.png", new byte[1]);
        assertThat(a.asInline("logo.png").contentId()).hasValue("logo.png");
        assertThat(a.asInline("<part1.x@example.org>").contentId()).hasValue("part1.x@example.org");
        assertThat(a.asInline("x").isInline()).isTrue();
        assertThat(a.isInline()).isFalse();
    }

    @Test
    void aMissingOrUnreadableFileIsRefusedWhenAttached() {
        assertThatThrownBy(() -> Attachment.of(dir.resolve("missing.pdf"))).isInstanceOf(IOException.class)
                .hasMessageContaining("no such file");
        assertThatThrownBy(() -> Attachment.of(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a regular file");
    }

    @Test
    void aFileThatChangesSizeAfterComposingFailsTheWriteInsteadOfSendingAWrongSize() throws Exception {
        Path file = MimeFixtures.randomFile(dir, "grows.bin", 1000, 9);
        Message message = builder().attach(file).build();
        try (OutputStream out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND)) {
            out.write(new byte[10]);
        }
        assertThatThrownBy(() -> message.writeTo(OutputStream.nullOutputStream())).isInstanceOf(IOException.class)
                .hasMessageContaining("grows.bin").hasMessageContaining("changed");
        Files.write(file, new byte[5]);
        assertThatThrownBy(() -> message.writeTo(OutputStream.nullOutputStream())).isInstanceOf(IOException.class)
                .hasMessageContaining("1000 bytes then, 5 bytes now");
        Files.delete(file);
        assertThatThrownBy(() -> message.writeTo(OutputStream.nullOutputStream())).isInstanceOf(IOException.class);
        assertThatThrownBy(message::toBytes).isInstanceOf(java.io.UncheckedIOException.class);
    }

    @Test
    void theFileIsReadWhenWrittenNotWhenComposed() throws Exception {
        Path file = MimeFixtures.randomFile(dir, "later.bin", 100, 1);
        Message message = builder().attach(file).build();
        byte[] replaced = new byte[100];
        Files.write(file, replaced);
        MimeMessage parsed = MimeCheck.parse(message.toBytes());
        assertThat(part(parsed, 1).getInputStream().readAllBytes()).isEqualTo(replaced);
    }

    @Test
    void encodedLengthMatchesTheEncoder() {
        for (long n = 0; n < 500; n++) {
            byte[] raw = new byte[(int) n];
            assertThat(AttachmentPart.encodedLength(n)).as("n=" + n)
                    .isEqualTo(java.util.Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encode(raw).length);
        }
    }
}
