package dev.pigeon.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.message.Message;
import dev.pigeon.message.MessageSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIZE= counts the message as it goes on the wire, CRLF pairs included (RFC 1870). */
class WireSizeTest {
    @TempDir
    Path dir;

    @Test
    void aFileWithBareLfsIsCountedWithCrlfs() throws Exception {
        Path file = dir.resolve("m.eml");
        Files.writeString(file, "Subject: t\n\nline one\nline two", StandardCharsets.US_ASCII);
        // 3 bare LFs become CRLF (+3), and the missing final line ending is added (+2)
        assertThat(TransactionPlan.wireSize(MessageSource.ofFile(file))).hasValue(Files.size(file) + 3 + 2);
    }

    @Test
    void canonicalContentIsCountedAsIs() {
        byte[] crlf = "Subject: t\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(TransactionPlan.wireSize(MessageSource.ofBytes(crlf))).hasValue(crlf.length);
    }

    @Test
    void aComposedMessageIsTakenAtItsWord() {
        Message message = Message.builder().from("a@x.test").to("b@y.test").text("hi").build();
        assertThat(TransactionPlan.wireSize(message)).isEqualTo(message.size());
    }

    @Test
    void aOneShotStreamIsNotRead() {
        MessageSource stream = MessageSource.ofStream(new java.io.ByteArrayInputStream(new byte[] {'a', '\n'}));
        assertThat(TransactionPlan.wireSize(stream)).isEqualTo(stream.size());
    }

    @Test
    void aSourceThatDoesNotCountItselfIsNotReadToCount() {
        // The outbox's spool source marks the message as being sent when it is read: counting must
        // never read it (a crash would then leave an unsent message looking possibly delivered).
        MessageSource neverRead = new MessageSource() {
            @Override
            public void writeTo(java.io.OutputStream out) {
                throw new AssertionError("read just to count its size");
            }

            @Override
            public java.util.OptionalLong size() {
                return java.util.OptionalLong.of(42);
            }

            @Override
            public EightBit eightBit() {
                return EightBit.ABSENT;
            }

            @Override
            public boolean isRepeatable() {
                return true;
            }
        };
        assertThat(TransactionPlan.wireSize(neverRead)).hasValue(42);
    }
}
