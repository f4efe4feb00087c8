package dev.pigeon.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pigeon.protocol.Reply;
import dev.pigeon.protocol.ReplyDecoder;
import dev.pigeon.protocol.SmtpProtocolException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link ReplyDecoder} against arbitrary server bytes in arbitrary splits.
 *
 * <p>Properties: it only returns replies or throws {@link SmtpProtocolException}; while it is
 * waiting for more bytes, {@link ReplyDecoder#buffered()} stays within what its limits allow
 * (so a hostile server cannot grow our memory); and how the bytes were split does not change the
 * replies decoded, nor whether the stream was refused.
 */
class ReplyDecoderFuzzTest {

    @BeforeAll
    static void replayOnlyWhenNotFuzzing() {
        RegressionMode.withoutHooksUnlessFuzzing();
    }

    /**
     * The first byte picks the limits (high bit set: small ones, from its other bits) and seeds
     * the split sizes; the rest is what the server sent.
     */
    @FuzzTest
    void decode(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int head = input[0] & 0xFF;
        boolean small = (head & 0x80) != 0;
        int maxLine = small ? 3 + (head & 0x1F) * 3 : ReplyDecoder.DEFAULT_MAX_LINE;
        int maxLines = small ? 1 + ((head >> 5) & 3) : ReplyDecoder.DEFAULT_MAX_LINES;
        byte[] wire = Arrays.copyOfRange(input, 1, input.length);

        Outcome whole = decodeInChunks(wire, new int[0], maxLine, maxLines);
        Outcome byteByByte = decodeInChunks(wire, new int[] {1}, maxLine, maxLines);
        Outcome split = decodeInChunks(wire, FuzzInput.splitSizes(head, 16, 64), maxLine, maxLines);

        assertThat(byteByByte).as("same bytes, fed one at a time").isEqualTo(whole);
        assertThat(split).as("same bytes, split differently").isEqualTo(whole);
    }

    /** What decoding gave: the replies before any refusal, and whether the stream was refused. */
    record Outcome(List<Reply> replies, boolean refused) {}

    /** Feeds the wire in chunks of the given sizes (0 too; the last repeats), polling after each feed. */
    static Outcome decodeInChunks(byte[] wire, int[] chunkSizes, int maxLine, int maxLines) {
        ReplyDecoder decoder = new ReplyDecoder(maxLine, maxLines);
        List<Reply> replies = new ArrayList<>();
        int offset = 0;
        int chunk = 0;
        while (offset < wire.length) {
            int size = chunkSizes.length == 0 ? wire.length
                    : chunkSizes[Math.min(chunk, chunkSizes.length - 1)];
            if (chunk++ >= chunkSizes.length - 1) {
                size = Math.max(size, 1); // the repeating size must make progress
            }
            int n = Math.min(size, wire.length - offset);
            decoder.feed(wire, offset, n);
            offset += n;
            try {
                for (Reply r = decoder.poll(); r != null; r = decoder.poll()) {
                    checkReply(r, maxLine, maxLines);
                    replies.add(r);
                }
            } catch (SmtpProtocolException e) {
                return new Outcome(replies, true);
            }
            assertThat(decoder.buffered()).as("bytes held while waiting for more")
                    .isLessThanOrEqualTo(bound(maxLine, maxLines));
        }
        return new Outcome(replies, false);
    }

    /** Up to maxLines - 1 complete continuation lines plus one partial line (its CR included). */
    static int bound(int maxLine, int maxLines) {
        return (maxLines - 1) * (maxLine + 2) + maxLine + 1;
    }

    private static void checkReply(Reply r, int maxLine, int maxLines) {
        assertThat(r.code()).isBetween(200, 599);
        assertThat(r.lines()).isNotEmpty().hasSizeLessThanOrEqualTo(maxLines);
        for (String line : r.lines()) {
            assertThat(line.length()).isLessThanOrEqualTo(maxLine);
            assertThat(line).doesNotContain("\r", "\n");
        }
    }
}
