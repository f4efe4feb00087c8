package dev.pigeon.protocol;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EscapingTest {

    private static String visible(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return Escaping.visible(b);
    }

    @Test
    void plainTextIsUnchanged() {
        assertThat(Escaping.visible("250 mail.example ESMTP ~!@#$%^&*()".getBytes(UTF_8)))
                .isEqualTo("250 mail.example ESMTP ~!@#$%^&*()");
        assertThat(Escaping.visible(new byte[0])).isEmpty();
    }

    @Test
    void terminalEscapeSequencesAreDefused() {
        assertThat(Escaping.visible("\u001B[31mred\u001B[0m\u001B]0;title\u0007".getBytes(UTF_8)))
                .isEqualTo("\\x1B[31mred\\x1B[0m\\x1B]0;title\\x07");
    }

    @Test
    void c0ControlsAndDelAreEscaped() {
        assertThat(visible(0, 'a', '\r', '\n', '\t', 0x08, 0x1F, 0x7F))
                .isEqualTo("\\x00a\\x0D\\x0A\\x09\\x08\\x1F\\x7F");
    }

    @Test
    void c1ControlsEncodedAsUtf8AreEscaped() {
        // U+009B is the single-character CSI, U+0085 is NEL.
        assertThat(visible(0xC2, 0x9B, '3', '1', 'm')).isEqualTo("\\xC2\\x9B31m");
        assertThat(visible(0xC2, 0x85)).isEqualTo("\\xC2\\x85");
        assertThat(visible(0xC2, 0x80, 0xC2, 0x9F)).isEqualTo("\\xC2\\x80\\xC2\\x9F");
        assertThat(visible(0xC2, 0xA0)).isEqualTo("\u00A0");
    }

    @Test
    void rawC1BytesAreEscaped() {
        assertThat(visible(0x9B, '2', 'J')).isEqualTo("\\x9B2J");
        assertThat(visible(0x85)).isEqualTo("\\x85");
    }

    @Test
    void invalidUtf8IsShownAsHexBytes() {
        assertThat(visible(0x80)).isEqualTo("\\x80");
        assertThat(visible(0xFF, 0xFE)).isEqualTo("\\xFF\\xFE");
        assertThat(visible(0xC0, 0x80)).as("overlong NUL").isEqualTo("\\xC0\\x80");
        assertThat(visible(0xE0, 0x80, 0x80)).as("overlong").isEqualTo("\\xE0\\x80\\x80");
        assertThat(visible(0xED, 0xA0, 0x80)).as("surrogate").isEqualTo("\\xED\\xA0\\x80");
        assertThat(visible(0xF5, 0x80, 0x80, 0x80)).as("above U+10FFFF").isEqualTo("\\xF5\\x80\\x80\\x80");
        assertThat(visible(0xE6, 0x97)).as("truncated at the end").isEqualTo("\\xE6\\x97");
        assertThat(visible(0xE6, 0x97, 'a')).as("truncated before ASCII").isEqualTo("\\xE6\\x97a");
        assertThat(visible(0xC3, 0xC3, 0xA9)).as("lead byte then a valid sequence").isEqualTo("\\xC3é");
    }

    @Test
    void validUtf8IsKept() {
        assertThat(Escaping.visible("grüße 日本 \uD83D\uDE00".getBytes(UTF_8))).isEqualTo("grüße 日本 \uD83D\uDE00");
    }

    @Test
    void invisibleFormattingCharactersAreShownAsBytes() {
        assertThat(Escaping.visible("ok\u202Egnp.exe".getBytes(UTF_8))).as("right-to-left override")
                .isEqualTo("ok\\xE2\\x80\\xAEgnp.exe");
        assertThat(Escaping.visible("a\u2028b".getBytes(UTF_8))).as("line separator").isEqualTo("a\\xE2\\x80\\xA8b");
        assertThat(Escaping.visible("a\u200Bb".getBytes(UTF_8))).as("zero-width space").isEqualTo("a\\xE2\\x80\\x8Bb");
    }

    @Test
    void backslashIsDoubledSoEscapesAreUnambiguous() {
        assertThat(Escaping.visible("a\\b".getBytes(UTF_8))).isEqualTo("a\\\\b");
        assertThat(Escaping.visible("\\x1B".getBytes(UTF_8)))
                .isEqualTo("\\\\x1B")
                .isNotEqualTo(visible(0x1B));
    }

    @Test
    void wireLineFormIsReadAsBytes() {
        String wireLine = new String("250 é\u001B".getBytes(UTF_8), ISO_8859_1);
        assertThat(Escaping.visible(wireLine)).isEqualTo("250 é\\x1B");
    }

    @Test
    void randomBytesNeverYieldAControlCharacter() {
        Random random = new Random(42);
        for (int round = 0; round < 5000; round++) {
            byte[] b = new byte[random.nextInt(24)];
            random.nextBytes(b);
            String out = Escaping.visible(b);
            assertThat(WireText.firstControl(out)).as("round %d: %s", round, out).isEqualTo(-1);
        }
    }
}
