package dev.pigeon.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pigeon.message.MessageSource.EightBit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageSourceTest {

    @Test
    void bytesAreWrittenRawCopiedOnCreationAndRepeatable() throws IOException {
        byte[] content = "Subject: x\n\r\n.\r\nbare\rCR\0".getBytes(StandardCharsets.ISO_8859_1);
        MessageSource source = MessageSource.ofBytes(content);
        content[0] = 'X';
        byte[] expected = "Subject: x\n\r\n.\r\nbare\rCR\0".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(written(source)).isEqualTo(expected);
        assertThat(written(source)).isEqualTo(expected);
        assertThat(source.size()).hasValue(expected.length);
        assertThat(source.eightBit()).isEqualTo(EightBit.ABSENT);
        assertThat(source.isRepeatable()).isTrue();
    }

    @Test
    void stringsAreWrittenAsUtf8AndTheirEightBitContentIsKnown() throws IOException {
        MessageSource source = MessageSource.ofString("Grüße 😀");
        byte[] utf8 = "Grüße 😀".getBytes(StandardCharsets.UTF_8);
        assertThat(written(source)).isEqualTo(utf8);
        assertThat(source.size()).hasValue(utf8.length);
        assertThat(source.eightBit()).isEqualTo(EightBit.PRESENT);
        assertThat(MessageSource.ofString("").size()).hasValue(0);
    }

    @Test
    void aLargeFileIsStreamedExactlyAndRepeatably(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.eml");
        long length = 50L * 1024 * 1024 + 7;
        byte[] fileDigest = writeRandomFile(file, length);
        MessageSource source = MessageSource.ofFile(file);

        assertThat(source.size()).hasValue(length);
        assertThat(source.eightBit()).isEqualTo(EightBit.UNKNOWN);
        assertThat(source.isRepeatable()).isTrue();
        for (int round = 0; round < 2; round++) {
            CountingDigest out = new CountingDigest();
            source.writeTo(out.stream);
            assertThat(out.count).isEqualTo(length);
            assertThat(out.digest()).isEqualTo(fileDigest);
        }
    }

    @Test
    void aMissingFileFailsWhenWrittenNotWhenCreated(@TempDir Path dir) {
        MessageSource source = MessageSource.ofFile(dir.resolve("absent.eml"));
        assertThat(source.size()).isEmpty();
        assertThatThrownBy(() -> source.writeTo(OutputStream.nullOutputStream()))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aStreamIsWrittenOnceAndLeftOpen() throws IOException {
        byte[] content = "one\r\ntwo\r\n".getBytes(StandardCharsets.US_ASCII);
        boolean[] closed = {false};
        ByteArrayInputStream in = new ByteArrayInputStream(content) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        MessageSource source = MessageSource.ofStream(in);
        assertThat(source.size()).isEmpty();
        assertThat(source.eightBit()).isEqualTo(EightBit.UNKNOWN);
        assertThat(source.isRepeatable()).isFalse();
        assertThat(written(source)).isEqualTo(content);
        assertThat(closed[0]).isFalse();
        assertThatIllegalStateException().isThrownBy(() -> written(source)).withMessageContaining("once");
    }

    private static byte[] written(MessageSource source) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        source.writeTo(out);
        return out.toByteArray();
    }

    /** Writes {@code length} pseudo-random bytes (lines, dots, CRs, 8-bit) in chunks; returns their SHA-256. */
    private static byte[] writeRandomFile(Path file, long length) throws Exception {
        SplittableRandom random = new SplittableRandom(20260301);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = length; left > 0; ) {
                int n = (int) Math.min(chunk.length, left);
                for (int i = 0; i < n; i++) {
                    int r = random.nextInt(100);
                    chunk[i] = r < 3 ? (byte) '\r' : r < 6 ? (byte) '\n' : r < 8 ? (byte) '.' : (byte) random.nextInt(256);
                }
                out.write(chunk, 0, n);
                digest.update(chunk, 0, n);
                left -= n;
            }
        }
        return digest.digest();
    }

    /** Counts and hashes what is written, holding nothing. */
    private static final class CountingDigest {
        private final MessageDigest digest;
        private long count;
        private final OutputStream stream;

        CountingDigest() throws Exception {
            digest = MessageDigest.getInstance("SHA-256");
            OutputStream counting = new OutputStream() {
                @Override
                public void write(int b) {
                    count++;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    count += len;
                }
            };
            stream = new DigestOutputStream(counting, digest);
        }

        byte[] digest() {
            return digest.digest();
        }
    }
}
