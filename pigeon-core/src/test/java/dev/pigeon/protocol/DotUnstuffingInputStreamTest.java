package dev.pigeon.protocol;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DotUnstuffingInputStreamTest {

    private static InputStream wire(String s) {
        return new BufferedInputStream(new ByteArrayInputStream(s.getBytes(ISO_8859_1)));
    }

    private static String content(String wire) throws IOException {
        return new String(new DotUnstuffingInputStream(wire(wire)).readAllBytes(), ISO_8859_1);
    }

    private static String readByteByByte(DotUnstuffingInputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0; c = in.read()) {
            out.write(c);
        }
        return out.toString(ISO_8859_1);
    }

    @Test
    void yieldsContentWithItsFinalCrlfAndStopsAtTheTerminator() throws IOException {
        InputStream in = wire("abc\r\ndef\r\n.\r\nQUIT\r\n");
        DotUnstuffingInputStream data = new DotUnstuffingInputStream(in);
        assertThat(new String(data.readAllBytes(), ISO_8859_1)).isEqualTo("abc\r\ndef\r\n");
        assertThat(data.isEnded()).isTrue();
        assertThat(data.read()).isEqualTo(-1);
        assertThat(data.read(new byte[4], 0, 4)).isEqualTo(-1);
        assertThat(new String(in.readAllBytes(), ISO_8859_1)).isEqualTo("QUIT\r\n");
    }

    @Test
    void bulkReadsDoNotConsumeTheNextCommand() throws IOException {
        InputStream in = wire("x\r\n.\r\nMAIL FROM:<a@b>\r\n");
        DotUnstuffingInputStream data = new DotUnstuffingInputStream(in);
        byte[] buf = new byte[100];
        assertThat(data.read(buf, 0, buf.length)).isEqualTo(3);
        assertThat(data.read(buf, 0, buf.length)).isEqualTo(-1);
        assertThat(new String(in.readAllBytes(), ISO_8859_1)).isEqualTo("MAIL FROM:<a@b>\r\n");
    }

    @Test
    void emptyContent() throws IOException {
        InputStream in = wire(".\r\nNOOP\r\n");
        DotUnstuffingInputStream data = new DotUnstuffingInputStream(in);
        assertThat(data.read()).isEqualTo(-1);
        assertThat(data.contentBytes()).isZero();
        assertThat(new String(in.readAllBytes(), ISO_8859_1)).isEqualTo("NOOP\r\n");
    }

    @Test
    void removesTheStuffedLeadingDot() throws IOException {
        assertThat(content("..a\r\n...\r\n..\r\nb.c\r\n.\r\n")).isEqualTo(".a\r\n..\r\n.\r\nb.c\r\n");
        // RFC 5321 4.5.2: a single leading dot before other text is deleted too.
        assertThat(content(".x\r\n.\r\n")).isEqualTo("x\r\n");
    }

    @Test
    void emptyLinesAreContent() throws IOException {
        assertThat(content("\r\n\r\n.\r\n")).isEqualTo("\r\n\r\n");
    }

    @Test
    void eightBitBytesPassThrough() throws IOException {
        byte[] wire = {(byte) 0xC3, (byte) 0xA9, 0, '\r', '\n', '.', '\r', '\n'};
        byte[] content = new DotUnstuffingInputStream(new ByteArrayInputStream(wire)).readAllBytes();
        assertThat(content).containsExactly(0xC3, 0xA9, 0, '\r', '\n');
    }

    @Test
    void byteAndBulkReadsAgree() throws IOException {
        String wire = "..one\r\ntwo\r\n\r\n...three\r\n.\r\n";
        assertThat(readByteByByte(new DotUnstuffingInputStream(wire(wire)))).isEqualTo(content(wire));
        DotUnstuffingInputStream data = new DotUnstuffingInputStream(wire(wire));
        byte[] buf = new byte[64];
        assertThat(data.read(buf, 5, 0)).isZero();
        int n = data.read(buf, 5, 3);
        assertThat(new String(buf, 5, n, ISO_8859_1)).isEqualTo(".on");
    }

    @Test
    void bulkReadReturnsWhatIsReadyInsteadOfBlocking() throws IOException {
        ArrivedSoFar in = new ArrivedSoFar("line one\r\nline two\r\n");
        DotUnstuffingInputStream data = new DotUnstuffingInputStream(in);
        byte[] buf = new byte[100];
        assertThat(data.read(buf, 0, buf.length)).isEqualTo(20);
        assertThat(new String(buf, 0, 20, ISO_8859_1)).isEqualTo("line one\r\nline two\r\n");
        assertThat(in.availableCalls).as("available() asked per chunk, not per byte").isLessThanOrEqualTo(2);
    }

    /** Holds the bytes that have arrived; reading beyond them would block, so it fails instead. */
    private static final class ArrivedSoFar extends InputStream {
        private final byte[] bytes;
        private int pos;
        int availableCalls;

        ArrivedSoFar(String arrived) {
            bytes = arrived.getBytes(ISO_8859_1);
        }

        @Override
        public int read() {
            if (pos == bytes.length) {
                throw new AssertionError("read would block: nothing more has arrived");
            }
            return bytes[pos++] & 0xFF;
        }

        @Override
        public int available() {
            availableCalls++;
            return bytes.length - pos;
        }
    }

    @Test
    void countsContentBytes() throws IOException {
        DotUnstuffingInputStream data = new DotUnstuffingInputStream(wire("..ab\r\n.\r\n"));
        data.readAllBytes();
        assertThat(data.contentBytes()).isEqualTo(5);
    }

    @Test
    void closeDrainsToTheTerminatorButLeavesTheConnectionOpen() throws IOException {
        InputStream in = wire("aaa\r\nbbb\r\n.\r\nRSET\r\n");
        DotUnstuffingInputStream data = new DotUnstuffingInputStream(in);
        assertThat(data.read()).isEqualTo('a');
        data.close();
        assertThat(data.contentBytes()).isEqualTo(10);
        assertThat(new String(in.readAllBytes(), ISO_8859_1)).isEqualTo("RSET\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb\r\n.\r\n", "a\r\n.\n", "a\n.\nMAIL FROM:<x@y>\r\n", ".\n", "\n.\r\n"})
    void bareLfIsAProtocolError(String wire) {
        assertThatThrownBy(() -> content(wire))
                .isInstanceOf(SmtpProtocolException.class)
                .hasMessageContaining("bare LF in message content");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\rb\r\n.\r\n", "a\r.\r", "a\r\r\n.\r\n", ".\r.\r\n"})
    void bareCrIsAProtocolError(String wire) {
        assertThatThrownBy(() -> content(wire))
                .isInstanceOf(SmtpProtocolException.class)
                .hasMessageContaining("bare CR in message content");
    }

    @Test
    void bareCrIsRefusedBeforeItIsDelivered() throws IOException {
        DotUnstuffingInputStream data = new DotUnstuffingInputStream(wire("a\rb"));
        assertThat(data.read()).isEqualTo('a');
        assertThatThrownBy(data::read).isInstanceOf(SmtpProtocolException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "abc\r\n", "abc\r", "abc\r\n.", "abc\r\n.\r", ".."})
    void endOfStreamBeforeTheTerminatorIsEof(String wire) {
        assertThatThrownBy(() -> content(wire)).isInstanceOf(EOFException.class);
    }
}
