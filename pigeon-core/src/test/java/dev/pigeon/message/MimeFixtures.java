package dev.pigeon.message;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Shared helpers for the MIME tests: random files, digests, written bytes, parsed parts. */
final class MimeFixtures {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T09:30:05Z"), ZoneOffset.UTC);

    private MimeFixtures() {}

    static MessageBuilder builder() {
        return Message.builder().from("Ann <ann@example.org>").to("bob@example.net").subject("test").clock(CLOCK)
                .messageId("fixed@example.org").random(new SplittableRandom(42));
    }

    /** A file of {@code size} random octets, written in chunks so large files cost little memory. */
    static Path randomFile(Path dir, String name, long size, long seed) throws IOException {
        Path file = dir.resolve(name);
        SplittableRandom random = new SplittableRandom(seed);
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
        return file;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    static String sha256(InputStream in) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static byte[] written(MessageSource source) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        source.writeTo(out);
        return out.toByteArray();
    }

    static MimeMultipart multipart(Part part) throws MessagingException, IOException {
        return (MimeMultipart) part.getContent();
    }

    static BodyPart part(Part parent, int index) throws MessagingException, IOException {
        return multipart(parent).getBodyPart(index);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Counts what is written and keeps nothing. */
    static final class CountingOutputStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
