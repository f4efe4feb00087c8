package dev.pigeon.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SessionInputTest {

    private static SessionInput input(String wire, AtomicInteger blocks) {
        return new SessionInput(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)),
                blocks::incrementAndGet);
    }

    private static String text(SessionInput.Line line) {
        assertThat(line).isInstanceOf(SessionInput.Line.Complete.class);
        return new String(((SessionInput.Line.Complete) line).bytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void splitsCrlfLines() throws IOException {
        SessionInput in = input("EHLO a\r\nNOOP\r\n\r\n", new AtomicInteger());
        assertThat(text(in.readLine(100))).isEqualTo("EHLO a");
        assertThat(text(in.readLine(100))).isEqualTo("NOOP");
        assertThat(text(in.readLine(100))).isEmpty();
        assertThat(in.readLine(100)).isInstanceOf(SessionInput.Line.End.class);
    }

    @Test
    void bareLfAndPartialLastLine() throws IOException {
        SessionInput in = input("NOOP\nRSET\r\nhalf", new AtomicInteger());
        assertThat(in.readLine(100)).isInstanceOf(SessionInput.Line.BareLf.class);
        assertThat(text(in.readLine(100))).isEqualTo("RSET");
        assertThat(in.readLine(100)).isInstanceOf(SessionInput.Line.End.class);
    }

    @Test
    void limitCountsTheCrlf() throws IOException {
        SessionInput in = input("12345678\r\n123456789\r\nok\r\n", new AtomicInteger());
        assertThat(text(in.readLine(10))).isEqualTo("12345678");
        assertThat(in.readLine(10)).isInstanceOf(SessionInput.Line.TooLong.class);
        assertThat(text(in.readLine(10))).isEqualTo("ok");
    }

    @Test
    void hugeLineIsDroppedWithoutBeingKept() throws IOException {
        String huge = "x".repeat(5_000_000);
        SessionInput in = input(huge + "\r\nNOOP\r\n", new AtomicInteger());
        assertThat(in.readLine(512)).isInstanceOf(SessionInput.Line.TooLong.class);
        assertThat(text(in.readLine(512))).isEqualTo("NOOP");
    }

    @Test
    void runsTheHookOnlyBeforeTouchingTheSocket() throws IOException {
        AtomicInteger blocks = new AtomicInteger();
        SessionInput in = input("A\r\nB\r\nC\r\n", blocks);
        in.readLine(100);
        in.readLine(100);
        in.readLine(100);
        assertThat(blocks.get()).isEqualTo(1); // one fill served all three lines
        assertThat(in.available()).isZero();
    }

    @Test
    void bytesAfterALineStayForTheDataReader() throws IOException {
        SessionInput in = input("DATA\r\nbody\r\n.\r\n", new AtomicInteger());
        assertThat(text(in.readLine(100))).isEqualTo("DATA");
        InputStream rest = in;
        assertThat(new String(rest.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("body\r\n.\r\n");
    }

    @Test
    void discardBufferedDropsWhatWasPipelinedAndNothingMore() throws IOException {
        // one read from the socket brings STARTTLS and the injected RSET together
        SessionInput in = input("STARTTLS\r\nRSET\r\nMAIL FROM:<x@y>\r\n", new AtomicInteger());
        assertThat(text(in.readLine(100))).isEqualTo("STARTTLS");
        assertThat(in.available()).isEqualTo("RSET\r\nMAIL FROM:<x@y>\r\n".length());
        assertThat(in.discardBuffered()).isEqualTo("RSET\r\nMAIL FROM:<x@y>\r\n".length());
        assertThat(in.available()).isZero();
        assertThat(in.readLine(100)).isInstanceOf(SessionInput.Line.End.class);
        assertThat(in.discardBuffered()).isZero();
    }
}
