package dev.pigeon.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pigeon.protocol.Reply;
import dev.pigeon.protocol.ReplyDecoder;
import dev.pigeon.protocol.SmtpProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decoder under the splits and floods a hostile server can produce, byte for byte. */
class ReplyDecoderHostileTest {
    private static final byte[] DIALOGUE = ("220 hostile.test ESMTP\r\n250-hostile.test\r\n250-SIZE 1000\r\n"
            + "250 8BITMIME\r\n250 2.1.0 ok\r\n354 go\r\n550-5.7.1 first\r\n550 5.7.1 second\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);

    private static List<Reply> decode(byte[]... pieces) throws SmtpProtocolException {
        ReplyDecoder decoder = new ReplyDecoder();
        List<Reply> replies = new ArrayList<>();
        for (byte[] piece : pieces) {
            decoder.feed(piece);
            for (Reply r = decoder.poll(); r != null; r = decoder.poll()) {
                replies.add(r);
            }
        }
        assertThat(decoder.buffered()).isZero();
        return replies;
    }

    @Test
    void everySplitInTwoGivesTheSameReplies() throws Exception {
        List<Reply> whole = decode(DIALOGUE);
        assertThat(whole).extracting(Reply::code).containsExactly(220, 250, 250, 354, 550);
        for (int i = 0; i <= DIALOGUE.length; i++) {
            assertThat(decode(Arrays.copyOfRange(DIALOGUE, 0, i), Arrays.copyOfRange(DIALOGUE, i, DIALOGUE.length)))
                    .as("split at %d", i).isEqualTo(whole);
        }
    }

    @Test
    void oneByteAtATimeGivesTheSameReplies() throws Exception {
        byte[][] bytes = new byte[DIALOGUE.length][];
        for (int i = 0; i < DIALOGUE.length; i++) {
            bytes[i] = new byte[] {DIALOGUE[i]};
        }
        assertThat(decode(bytes)).isEqualTo(decode(DIALOGUE));
    }

    /** A line without end is refused as soon as it passes the limit: memory stays bounded by limit + one read. */
    @Test
    void aMegabyteLineIsRefusedAfterAtMostTheLimitPlusOneRead() {
        ReplyDecoder decoder = new ReplyDecoder();
        byte[] chunk = new byte[8192];
        Arrays.fill(chunk, (byte) 'A');
        chunk[0] = '2';
        chunk[1] = '5';
        chunk[2] = '0';
        chunk[3] = ' ';
        long fed = 0;
        SmtpProtocolException refused = null;
        while (fed < (4L << 20) && refused == null) {
            decoder.feed(chunk);
            fed += chunk.length;
            chunk[0] = chunk[1] = chunk[2] = chunk[3] = 'A';
            try {
                assertThat(decoder.poll()).isNull();
            } catch (SmtpProtocolException e) {
                refused = e;
            }
        }
        assertThat(refused).isNotNull().hasMessageContaining("longer than " + ReplyDecoder.DEFAULT_MAX_LINE);
        assertThat(fed).isLessThanOrEqualTo(ReplyDecoder.DEFAULT_MAX_LINE + chunk.length);
    }

    @Test
    void continuationLinesWithoutEndAreRefusedAtTheLineLimit() throws Exception {
        ReplyDecoder decoder = new ReplyDecoder();
        byte[] line = "250-again\r\n".getBytes(StandardCharsets.US_ASCII);
        int lines = 0;
        SmtpProtocolException refused = null;
        while (lines < 100_000 && refused == null) {
            decoder.feed(line);
            lines++;
            try {
                assertThat(decoder.poll()).isNull();
            } catch (SmtpProtocolException e) {
                refused = e;
            }
        }
        assertThat(refused).isNotNull().hasMessageContaining("more than " + ReplyDecoder.DEFAULT_MAX_LINES + " lines");
        assertThat(lines).isEqualTo(ReplyDecoder.DEFAULT_MAX_LINES);
    }

    @Test
    void aCodeChangeInTheLastLineIsRefusedNotHidden() {
        ReplyDecoder decoder = new ReplyDecoder();
        decoder.feed("250-ok so far\r\n550 but no\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(decoder::poll).isInstanceOf(SmtpProtocolException.class)
                .hasMessageContaining("from 250 to 550");
    }
}
