package dev.pigeon.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pigeon.protocol.DotStuffingOutputStream;
import dev.pigeon.protocol.DotUnstuffingInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link DotStuffingOutputStream} and {@link DotUnstuffingInputStream} on arbitrary content
 * written in arbitrary splits.
 *
 * <p>Properties: the wire does not depend on how the content was split into writes; it holds no
 * bare CR or LF and exactly one end-of-data sequence, at its very end ({@code CRLF.CRLF}, where the
 * first CRLF is the one ending the DATA command when the content is empty, so the wire is just
 * {@code .CRLF}); unstuffing it gives the content with every line ending made CRLF (and a final
 * CRLF added when missing) and stops exactly at the terminator.
 */
class DotStuffingFuzzTest {

    @BeforeAll
    static void replayOnlyWhenNotFuzzing() {
        RegressionMode.withoutHooksUnlessFuzzing();
    }

    /** The first byte seeds the write sizes; the rest is the content. */
    @FuzzTest
    void roundTrip(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        byte[] content = Arrays.copyOfRange(input, 1, input.length);

        byte[] wire = stuff(content, new int[0], false);
        assertThat(stuff(content, new int[0], true)).as("wire for byte-by-byte writes").isEqualTo(wire);
        assertThat(stuff(content, FuzzInput.splitSizes(input[0], 16, 40), false))
                .as("wire for split writes").isEqualTo(wire);

        checkWire(wire);
        assertThat(unstuff(wire, false)).isEqualTo(normalised(content));
        assertThat(unstuff(wire, true)).as("unstuffed byte by byte").isEqualTo(normalised(content));
    }

    /** Writes the content in chunks of the given sizes (the last repeating), or byte by byte. */
    static byte[] stuff(byte[] content, int[] chunkSizes, boolean byteByByte) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DotStuffingOutputStream dots = new DotStuffingOutputStream(out);
        int offset = 0;
        int chunk = 0;
        while (offset < content.length) {
            if (byteByByte) {
                dots.write(content[offset++]);
                continue;
            }
            int size = chunkSizes.length == 0 ? content.length
                    : chunkSizes[Math.min(chunk, chunkSizes.length - 1)];
            if (chunk++ >= chunkSizes.length - 1) {
                size = Math.max(size, 1); // the repeating size must make progress
            }
            int n = Math.min(size, content.length - offset);
            dots.write(content, offset, n); // zero-length writes included
            offset += n;
        }
        dots.finish();
        assertThat(dots.bytesWritten()).isEqualTo(out.size());
        assertThat(dots.contentBytes()).isEqualTo(content.length);
        return out.toByteArray();
    }

    /** Reads the wire followed by a next command, which must stay unread. */
    static byte[] unstuff(byte[] wire, boolean byteByByte) throws IOException {
        byte[] next = "QUIT\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] stream = new byte[wire.length + next.length];
        System.arraycopy(wire, 0, stream, 0, wire.length);
        System.arraycopy(next, 0, stream, wire.length, next.length);
        InputStream in = new ByteArrayInputStream(stream);
        DotUnstuffingInputStream data = new DotUnstuffingInputStream(in);
        byte[] content = byteByByte ? readEachByte(data) : data.readAllBytes();
        assertThat(data.isEnded()).isTrue();
        assertThat(in.readAllBytes()).as("bytes after the terminator").isEqualTo(next);
        return content;
    }

    private static byte[] readEachByte(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            out.write(b);
        }
        return out.toByteArray();
    }

    /** No bare CR or LF; the only CRLF.CRLF (counting the DATA command's CRLF) ends the wire. */
    static void checkWire(byte[] wire) {
        assertThat(wire.length).isGreaterThanOrEqualTo(3);
        for (int i = 0; i < wire.length; i++) { // plain checks: an assertion per byte is slow
            if (wire[i] == '\r' && (i + 1 == wire.length || wire[i + 1] != '\n')) {
                fail("bare CR at %d", i);
            }
            if (wire[i] == '\n' && (i == 0 || wire[i - 1] != '\r')) {
                fail("bare LF at %d", i);
            }
        }
        // As the server sees it: the CRLF of the DATA command, then the wire.
        String seen = "\r\n" + new String(wire, StandardCharsets.ISO_8859_1);
        assertThat(seen.indexOf("\r\n.\r\n")).as("first end-of-data").isEqualTo(seen.length() - 5);
    }

    /** Every CRLF, bare CR or bare LF made CRLF; a final CRLF added to non-empty content. */
    static byte[] normalised(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < content.length; i++) {
            byte b = content[i];
            if (b == '\r') {
                if (i + 1 < content.length && content[i + 1] == '\n') {
                    i++;
                }
                out.write('\r');
                out.write('\n');
            } else if (b == '\n') {
                out.write('\r');
                out.write('\n');
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
}
