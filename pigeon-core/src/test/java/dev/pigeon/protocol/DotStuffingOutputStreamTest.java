package dev.pigeon.protocol;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DotStuffingOutputStreamTest {

    /** Wire bytes for content written in the given pieces, one write call each. */
    private static String stuff(String... pieces) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        DotStuffingOutputStream out = new DotStuffingOutputStream(wire);
        for (String p : pieces) {
            out.write(p.getBytes(ISO_8859_1));
        }
        out.finish();
        return wire.toString(ISO_8859_1);
    }

    private static byte[] stuffBytes(byte[] content, int[] cuts, boolean singleBytes) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        DotStuffingOutputStream out = new DotStuffingOutputStream(wire);
        if (singleBytes) {
            for (byte b : content) {
                out.write(b);
            }
        } else {
            int from = 0;
            for (int cut : cuts) {
                out.write(content, from, cut - from);
                from = cut;
            }
            out.write(content, from, content.length - from);
        }
        out.finish();
        assertThat(out.bytesWritten()).isEqualTo(wire.size());
        assertThat(out.contentBytes()).isEqualTo(content.length);
        return wire.toByteArray();
    }

    @Test
    void emptyContentIsJustTheDotLine() throws IOException {
        assertThat(stuff()).isEqualTo(".\r\n");
        assertThat(stuff("", "")).isEqualTo(".\r\n");
    }

    @Test
    void contentWithoutFinalLineEndingGetsOne() throws IOException {
        assertThat(stuff("abc")).isEqualTo("abc\r\n.\r\n");
    }

    @Test
    void contentEndingInCrlfGetsNoExtraLine() throws IOException {
        assertThat(stuff("abc\r\n")).isEqualTo("abc\r\n.\r\n");
        assertThat(stuff("\r\n")).isEqualTo("\r\n.\r\n");
    }

    @Test
    void leadingDotsAreDoubledOnEveryLineIncludingTheFirst() throws IOException {
        assertThat(stuff(".abc\r\n.\r\n..\r\nx.y\r\n. end"))
                .isEqualTo("..abc\r\n..\r\n...\r\nx.y\r\n.. end\r\n.\r\n");
        assertThat(stuff(".")).isEqualTo("..\r\n.\r\n");
    }

    @Test
    void leadingDotSplitFromItsLineEndingAcrossWrites() throws IOException {
        assertThat(stuff("a\r\n", ".", "b")).isEqualTo("a\r\n..b\r\n.\r\n");
        assertThat(stuff("a\r", "\n", ".")).isEqualTo("a\r\n..\r\n.\r\n");
    }

    @Test
    void bareLineEndingsBecomeCrlf() throws IOException {
        assertThat(stuff("a\nb\rc\r\nd")).isEqualTo("a\r\nb\r\nc\r\nd\r\n.\r\n");
        assertThat(stuff("\n\n")).isEqualTo("\r\n\r\n.\r\n");
        assertThat(stuff("\r\r")).isEqualTo("\r\n\r\n.\r\n");
        assertThat(stuff("\n\r")).isEqualTo("\r\n\r\n.\r\n");
        assertThat(stuff("a\r\r\nb")).isEqualTo("a\r\n\r\nb\r\n.\r\n");
        assertThat(stuff("a\r")).isEqualTo("a\r\n.\r\n");
    }

    @Test
    void crAndLfSplitAcrossWritesAreOneLineEnding() throws IOException {
        assertThat(stuff("a\r", "\nb")).isEqualTo("a\r\nb\r\n.\r\n");
        assertThat(stuff("a\r", "", "\nb")).isEqualTo("a\r\nb\r\n.\r\n");
        assertThat(stuff("a\r", "\r\nb")).isEqualTo("a\r\n\r\nb\r\n.\r\n");
        assertThat(stuff("a\r", "b")).isEqualTo("a\r\nb\r\n.\r\n");
        assertThat(stuff("a\n", "\rb")).isEqualTo("a\r\n\r\nb\r\n.\r\n");
    }

    static Stream<Arguments> fakeEndsOfData() {
        return Stream.of(
                Arguments.of("x\n.\ny", "x\r\n..\r\ny\r\n.\r\n"),
                Arguments.of("x\r.\ry", "x\r\n..\r\ny\r\n.\r\n"),
                Arguments.of("x\r\n.\ny", "x\r\n..\r\ny\r\n.\r\n"),
                Arguments.of("x\n.\r\ny", "x\r\n..\r\ny\r\n.\r\n"),
                Arguments.of("x\r\n.\r\ny", "x\r\n..\r\ny\r\n.\r\n"),
                Arguments.of("x\r\n.\r\n", "x\r\n..\r\n.\r\n"),
                Arguments.of(".\r\n", "..\r\n.\r\n"),
                Arguments.of("\r\n.\r\n", "\r\n..\r\n.\r\n"));
    }

    @ParameterizedTest
    @MethodSource("fakeEndsOfData")
    void fakeEndOfDataInContentIsStuffed(String content, String wire) throws IOException {
        assertThat(stuff(content)).isEqualTo(wire);
        assertThat(endOfDataPositions(("\r\n" + stuff(content)).getBytes(ISO_8859_1)))
                .containsExactly(wire.length() + 2 - 5);
    }

    @Test
    void finishKeepsTheUnderlyingStreamOpenAndIsIdempotent() throws IOException {
        TrackingStream wire = new TrackingStream();
        DotStuffingOutputStream out = new DotStuffingOutputStream(wire);
        out.write("hi".getBytes(ISO_8859_1));
        out.finish();
        out.finish();
        assertThat(wire.closed).isFalse();
        assertThat(wire.flushed).isTrue();
        assertThat(wire.bytes.toString(ISO_8859_1)).isEqualTo("hi\r\n.\r\n");
        assertThatThrownBy(() -> out.write('x')).isInstanceOf(IOException.class).hasMessageContaining("finished");
        out.close();
        assertThat(wire.closed).isTrue();
        assertThat(wire.bytes.toString(ISO_8859_1)).isEqualTo("hi\r\n.\r\n");
    }

    @Test
    void closeFinishesThenClosesTheUnderlyingStream() throws IOException {
        TrackingStream wire = new TrackingStream();
        try (DotStuffingOutputStream out = new DotStuffingOutputStream(wire)) {
            out.write(".a".getBytes(ISO_8859_1));
        }
        assertThat(wire.closed).isTrue();
        assertThat(wire.bytes.toString(ISO_8859_1)).isEqualTo("..a\r\n.\r\n");
    }

    @Test
    void countsWireAndContentBytes() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        DotStuffingOutputStream out = new DotStuffingOutputStream(wire);
        out.write(".a\nb".getBytes(ISO_8859_1));
        assertThat(out.contentBytes()).isEqualTo(4);
        assertThat(out.bytesWritten()).isEqualTo(6); // "..a\r\nb"
        out.finish();
        assertThat(out.bytesWritten()).isEqualTo(11).isEqualTo(wire.size());
    }

    @Test
    void canonicalTextReachesTheUnderlyingStreamInOneWrite() throws IOException {
        TrackingStream wire = new TrackingStream();
        DotStuffingOutputStream out = new DotStuffingOutputStream(wire);
        byte[] text = "line one\r\nline two\r\nline three\r\n".repeat(100).getBytes(ISO_8859_1);
        out.write(text);
        out.finish(); // the text and the terminator together
        assertThat(wire.writeCalls).isEqualTo(1);
        assertThat(wire.singleByteWrites).isZero();
    }

    @Test
    void aLongCanonicalRunGoesStraightThrough() throws IOException {
        TrackingStream wire = new TrackingStream();
        DotStuffingOutputStream out = new DotStuffingOutputStream(wire);
        out.write("line\r\n".repeat(4000).getBytes(ISO_8859_1)); // 24,000 bytes, more than the buffer
        assertThat(wire.writeCalls).isEqualTo(1);
    }

    /** Bare-LF text: the line and the CRLF put in for its LF are gathered, not two writes per line. */
    @Test
    void bareLfLinesAreGatheredIntoFewWrites() throws IOException {
        TrackingStream wire = new TrackingStream();
        DotStuffingOutputStream out = new DotStuffingOutputStream(wire);
        String line = "The quick brown fox jumps over the lazy dog; filler line.\n";
        out.write(line.repeat(1000).getBytes(ISO_8859_1)); // ~58,000 bytes, 1,000 lines
        out.finish();
        assertThat(wire.writeCalls).isLessThanOrEqualTo(60_000 / 8192 + 1);
        assertThat(out.bytesWritten()).isEqualTo(1000L * (line.length() + 1) + 3);
    }

    @Test
    void rejectsBadArrayBounds() {
        DotStuffingOutputStream out = new DotStuffingOutputStream(new ByteArrayOutputStream());
        assertThatThrownBy(() -> out.write(new byte[3], 2, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void singleByteAndChunkedWritesGiveTheSameWireAsOneBulkWrite() throws IOException {
        Random random = new Random(20261128L);
        byte[] alphabet = {'\r', '\n', '.', 'a', 'b', ' ', (byte) 0xC3};
        for (int round = 0; round < 2000; round++) {
            byte[] content = randomContent(random, alphabet);
            int[] cuts = randomCuts(random, content.length);
            byte[] bulk = stuffBytes(content, new int[0], false);
            assertThat(stuffBytes(content, cuts, false)).as("chunked, round %d", round).isEqualTo(bulk);
            assertThat(stuffBytes(content, cuts, true)).as("single bytes, round %d", round).isEqualTo(bulk);
            assertWireInvariants(content, bulk);
            assertThat(unstuff(bulk)).as("round trip, round %d", round).isEqualTo(normalise(content));
        }
    }

    private static void assertWireInvariants(byte[] content, byte[] wire) {
        for (int i = 0; i < wire.length; i++) {
            if (wire[i] == '\r') {
                assertThat(i + 1 < wire.length && wire[i + 1] == '\n').as("CR at %d is followed by LF", i).isTrue();
            }
            if (wire[i] == '\n') {
                assertThat(i > 0 && wire[i - 1] == '\r').as("LF at %d follows a CR", i).isTrue();
            }
        }
        // The CRLF that ended the DATA command comes first on the wire.
        byte[] afterData = new byte[wire.length + 2];
        afterData[0] = '\r';
        afterData[1] = '\n';
        System.arraycopy(wire, 0, afterData, 2, wire.length);
        assertThat(endOfDataPositions(afterData)).containsExactly(afterData.length - 5);
        if (content.length == 0) {
            assertThat(wire).isEqualTo(".\r\n".getBytes(ISO_8859_1));
        }
    }

    private static List<Integer> endOfDataPositions(byte[] b) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i + 5 <= b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '.' && b[i + 3] == '\r' && b[i + 4] == '\n') {
                at.add(i);
            }
        }
        return at;
    }

    private static byte[] unstuff(byte[] wire) throws IOException {
        return new DotUnstuffingInputStream(new ByteArrayInputStream(wire)).readAllBytes();
    }

    /** Every line ending (CRLF, CR, LF) as CRLF, plus a final CRLF if non-empty content lacks one. */
    static byte[] normalise(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < content.length; i++) {
            byte b = content[i];
            if (b == '\r' || b == '\n') {
                out.write('\r');
                out.write('\n');
                if (b == '\r' && i + 1 < content.length && content[i + 1] == '\n') {
                    i++;
                }
            } else {
                out.write(b);
            }
        }
        byte[] n = out.toByteArray();
        if (n.length > 0 && n[n.length - 1] != '\n') {
            out.write('\r');
            out.write('\n');
            n = out.toByteArray();
        }
        return n;
    }

    private static byte[] randomContent(Random random, byte[] alphabet) {
        byte[] content = new byte[random.nextInt(40)];
        for (int i = 0; i < content.length; i++) {
            content[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return content;
    }

    private static int[] randomCuts(Random random, int length) {
        return random.ints(random.nextInt(6), 0, length + 1).sorted().toArray();
    }

    /** Records what reaches the "socket". */
    private static final class TrackingStream extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int writeCalls;
        int singleByteWrites;
        boolean flushed;
        boolean closed;

        @Override
        public void write(int b) {
            singleByteWrites++;
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writeCalls++;
            bytes.write(b, off, len);
        }

        @Override
        public void flush() {
            flushed = true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
