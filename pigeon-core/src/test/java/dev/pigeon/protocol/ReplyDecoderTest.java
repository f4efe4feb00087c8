package dev.pigeon.protocol;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyDecoderTest {

    private static byte[] bytes(String s) {
        return s.getBytes(ISO_8859_1);
    }

    /** Every reply in {@code wire}, fed in one piece. */
    private static List<Reply> decodeAll(String wire) throws SmtpProtocolException {
        ReplyDecoder d = new ReplyDecoder();
        d.feed(bytes(wire));
        List<Reply> out = new ArrayList<>();
        for (Reply r = d.poll(); r != null; r = d.poll()) {
            out.add(r);
        }
        return out;
    }

    /** Feeds {@code wire} in pieces cut at {@code cuts}, polling after every piece. */
    private static List<Reply> decodeInPieces(byte[] wire, int... cuts) throws SmtpProtocolException {
        ReplyDecoder d = new ReplyDecoder();
        List<Reply> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : wire.length;
            d.feed(wire, from, to - from);
            for (Reply r = d.poll(); r != null; r = d.poll()) {
                out.add(r);
            }
            from = to;
        }
        assertThat(d.buffered()).isZero();
        return out;
    }

    @Test
    void decodesASingleLineReply() throws SmtpProtocolException {
        ReplyDecoder d = new ReplyDecoder();
        d.feed(bytes("220 mail.example ESMTP ready\r\n"));
        Reply r = d.poll();
        assertThat(r).isEqualTo(new Reply(220, List.of("220 mail.example ESMTP ready")));
        assertThat(r.texts()).containsExactly("mail.example ESMTP ready");
        assertThat(d.poll()).isNull();
        assertThat(d.buffered()).isZero();
    }

    @Test
    void decodesAMultilineReply() throws SmtpProtocolException {
        assertThat(decodeAll("250-mail.example\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250 8BITMIME\r\n"))
                .containsExactly(new Reply(250, List.of(
                        "250-mail.example", "250-PIPELINING", "250-SIZE 1000", "250 8BITMIME")));
    }

    @Test
    void decodesAReplyWithNoText() throws SmtpProtocolException {
        Reply r = decodeAll("250\r\n").getFirst();
        assertThat(r.code()).isEqualTo(250);
        assertThat(r.lines()).containsExactly("250");
        assertThat(r.texts()).containsExactly("");
        assertThat(r.enhancedStatus()).isEmpty();
    }

    @Test
    void decodesTwoRepliesFedTogether() throws SmtpProtocolException {
        assertThat(decodeAll("250 2.1.0 Ok\r\n554-5.7.1 no\r\n554 5.7.1 never\r\n"))
                .containsExactly(
                        new Reply(250, List.of("250 2.1.0 Ok")),
                        new Reply(554, List.of("554-5.7.1 no", "554 5.7.1 never")));
    }

    @Test
    void keepsEightBitBytesOneCharPerByte() throws SmtpProtocolException {
        byte[] wire = {'2', '5', '0', ' ', (byte) 0xC3, (byte) 0xA9, (byte) 0xFF, '\r', '\n'};
        ReplyDecoder d = new ReplyDecoder();
        d.feed(wire);
        Reply r = d.poll();
        assertThat(r.lines().getFirst()).isEqualTo("250 \u00C3\u00A9\u00FF");
        assertThat(r.toBytes()).isEqualTo(wire);
    }

    @Test
    void everySplitGivesTheSameReplies() throws SmtpProtocolException {
        byte[] wire = bytes("220 hi\r\n250-a.example\r\n250-SIZE\r\n250 OK\r\n250\r\n421 4.3.2 bye\r\n");
        List<Reply> whole = decodeInPieces(wire);
        assertThat(whole).hasSize(4);
        for (int cut = 0; cut <= wire.length; cut++) {
            assertThat(decodeInPieces(wire, cut)).as("cut at %d", cut).isEqualTo(whole);
            for (int cut2 = cut; cut2 <= wire.length; cut2++) {
                assertThat(decodeInPieces(wire, cut, cut2)).as("cuts at %d, %d", cut, cut2).isEqualTo(whole);
            }
        }
        int[] everyByte = new int[wire.length - 1];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = i + 1;
        }
        assertThat(decodeInPieces(wire, everyByte)).isEqualTo(whole);
    }

    @Test
    void buffersBytesAfterAReply() throws SmtpProtocolException {
        ReplyDecoder d = new ReplyDecoder();
        d.feed(bytes("220 go ahead\r\n250 x"));
        assertThat(d.poll().code()).isEqualTo(220);
        assertThat(d.buffered()).isEqualTo(5);
        assertThat(d.poll()).isNull();
        d.feed(bytes("\r\n"));
        assertThat(d.poll().lines()).containsExactly("250 x");
        assertThat(d.buffered()).isZero();
    }

    @Test
    void countsAnUnfinishedMultilineReplyAsBuffered() throws SmtpProtocolException {
        ReplyDecoder d = new ReplyDecoder();
        d.feed(bytes("250-a\r\n250"));
        assertThat(d.poll()).isNull();
        assertThat(d.buffered()).isEqualTo(10);
        d.reset();
        assertThat(d.buffered()).isZero();
        d.feed(bytes("220 fresh\r\n"));
        assertThat(d.poll().lines()).containsExactly("220 fresh");
    }

    @Test
    void partialFeedsFromAnOffset() throws SmtpProtocolException {
        ReplyDecoder d = new ReplyDecoder();
        byte[] b = bytes("xx250 ok\r\nyy");
        d.feed(b, 2, 8);
        assertThat(d.poll().lines()).containsExactly("250 ok");
    }

    @ParameterizedTest
    @ValueSource(strings = {"250 ok\n", "250-a\n250 b\r\n", "\n", "250-a\r\n\n"})
    void bareLfIsAnError(String wire) {
        assertThatThrownBy(() -> decodeAll(wire))
                .isInstanceOf(SmtpProtocolException.class)
                .hasMessageContaining("bare LF");
    }

    @ParameterizedTest
    @ValueSource(strings = {"250 o\rk\r\n", "250 ok\r\r\n", "\r250 ok\r\n"})
    void bareCrIsAnError(String wire) {
        assertThatThrownBy(() -> decodeAll(wire))
                .isInstanceOf(SmtpProtocolException.class)
                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("bare CR", "code"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"199 no\r\n", "600 no\r\n", "abc no\r\n", "2x0 no\r\n", "099 no\r\n", " 250 no\r\n"})
    void codeOutside200To599IsAnError(String wire) {
        assertThatThrownBy(() -> decodeAll(wire))
                .isInstanceOf(SmtpProtocolException.class)
                .hasMessageContaining("code 200-599");
    }

    @ParameterizedTest
    @ValueSource(strings = {"25\r\n", "\r\n"})
    void lineTooShortForACodeIsAnError(String wire) {
        assertThatThrownBy(() -> decodeAll(wire))
                .isInstanceOf(SmtpProtocolException.class)
                .hasMessageContaining("too short");
    }

    @Test
    void codeChangeInsideAMultilineReplyIsAnError() {
        assertThatThrownBy(() -> decodeAll("250-a\r\n251 b\r\n"))
                .isInstanceOf(SmtpProtocolException.class)
                .hasMessageContaining("from 250 to 251");
    }

    @ParameterizedTest
    @ValueSource(strings = {"250x ok\r\n", "250_ok\r\n", "250\tok\r\n", "2500\r\n"})
    void fourthCharacterMustBeSpaceOrDash(String wire) {
        assertThatThrownBy(() -> decodeAll(wire))
                .isInstanceOf(SmtpProtocolException.class)
                .hasMessageContaining("not followed by space or '-'");
    }

    @Test
    void errorMessagesEscapePeerBytes() {
        assertThatThrownBy(() -> decodeAll("\u001B[2J\r\n"))
                .isInstanceOf(SmtpProtocolException.class)
                .hasMessageContaining("\\x1B[2J")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001B"));
    }

    @Test
    void lineAtTheLimitIsAcceptedAndOneByteMoreIsNot() throws SmtpProtocolException {
        ReplyDecoder d = new ReplyDecoder(10, 5);
        d.feed(bytes("250 123456\r\n"));
        assertThat(d.poll().lines()).containsExactly("250 123456");
        d.feed(bytes("250 1234567\r\n"));
        assertThatThrownBy(d::poll)
                .isInstanceOf(SmtpProtocolException.class)
                .hasMessageContaining("longer than 10 bytes");
    }

    @Test
    void lineThatNeverEndsFailsAsSoonAsItPassesTheLimit() throws SmtpProtocolException {
        ReplyDecoder d = new ReplyDecoder(10, 5);
        byte[] endless = bytes("250 abcdefghijklmnop");
        // A full line of 10 bytes plus its CR may wait for the LF; one byte more cannot be a valid line.
        for (int i = 0; i < 11; i++) {
            d.feed(endless, i, 1);
            assertThat(d.poll()).isNull();
        }
        d.feed(endless, 11, 1);
        assertThatThrownBy(d::poll)
                .isInstanceOf(SmtpProtocolException.class)
                .hasMessageContaining("longer than 10 bytes");
    }

    @Test
    void endlessLineAfterACompleteReplyIsStillBounded() throws SmtpProtocolException {
        ReplyDecoder d = new ReplyDecoder(10, 5);
        d.feed(bytes("250 ok\r\n250 "));
        assertThat(d.poll()).isNotNull();
        d.feed(bytes("1234567"));
        assertThat(d.poll()).isNull();
        d.feed(bytes("8"));
        assertThatThrownBy(d::poll).isInstanceOf(SmtpProtocolException.class);
    }

    @Test
    void defaultLimitBoundsAnEndlessLine() throws SmtpProtocolException {
        ReplyDecoder d = new ReplyDecoder();
        byte[] chunk = bytes("x".repeat(1000));
        d.feed(bytes("250 "));
        int fed = 4;
        SmtpProtocolException thrown = null;
        while (thrown == null && fed < 100_000) {
            d.feed(chunk);
            fed += chunk.length;
            try {
                assertThat(d.poll()).isNull();
            } catch (SmtpProtocolException e) {
                thrown = e;
            }
        }
        assertThat(thrown).isNotNull();
        assertThat(fed).isLessThanOrEqualTo(ReplyDecoder.DEFAULT_MAX_LINE + 1 + chunk.length);
    }

    @Test
    void tooManyLinesIsAnError() throws SmtpProtocolException {
        ReplyDecoder d = new ReplyDecoder(100, 3);
        d.feed(bytes("250-a\r\n250-b\r\n250 c\r\n"));
        assertThat(d.poll().lines()).hasSize(3);
        d.feed(bytes("250-a\r\n250-b\r\n250-c\r\n250 d\r\n"));
        assertThatThrownBy(d::poll)
                .isInstanceOf(SmtpProtocolException.class)
                .hasMessageContaining("more than 3 lines");
    }

    @Test
    void endlessContinuationLinesAreBounded() {
        String wire = "250-x\r\n".repeat(ReplyDecoder.DEFAULT_MAX_LINES + 1);
        assertThatThrownBy(() -> decodeAll(wire)).hasMessageContaining("more than 256 lines");
    }

    @Test
    void refusesLimitsTooSmall() {
        assertThatThrownBy(() -> new ReplyDecoder(2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReplyDecoder(3, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void enhancedStatusOfADecodedReply() throws SmtpProtocolException {
        Reply r = decodeAll("550-5.1.1 <x@y>: Recipient address rejected\r\n550 5.1.1 unknown\r\n").getFirst();
        assertThat(r.enhancedStatus()).contains(new EnhancedStatus(5, 1, 1));
        assertThat(r.isPermanent()).isTrue();
    }

    @Test
    void enhancedStatusParsing() {
        assertThat(EnhancedStatus.parseLeading("2.1.0 Ok")).contains(new EnhancedStatus(2, 1, 0));
        assertThat(EnhancedStatus.parseLeading("4.7.0")).contains(new EnhancedStatus(4, 7, 0));
        assertThat(EnhancedStatus.parseLeading("5.123.999 x")).contains(new EnhancedStatus(5, 123, 999));
        assertThat(EnhancedStatus.parseLeading("5.1.1 x").map(EnhancedStatus::toString)).contains("5.1.1");
        assertThat(EnhancedStatus.parseLeading("Ok")).isEmpty();
        assertThat(EnhancedStatus.parseLeading("")).isEmpty();
        assertThat(EnhancedStatus.parseLeading("3.1.0 x")).isEqualTo(Optional.empty());
        assertThat(EnhancedStatus.parseLeading("2.1.0x")).isEmpty();
        assertThat(EnhancedStatus.parseLeading("2.1000.0 x")).isEmpty();
        assertThat(EnhancedStatus.parseLeading("2.1 x")).isEmpty();
        assertThat(EnhancedStatus.parseLeading(" 2.1.0 x")).isEmpty();
        assertThatThrownBy(() -> new EnhancedStatus(3, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EnhancedStatus(2, 1000, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EnhancedStatus(2, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
