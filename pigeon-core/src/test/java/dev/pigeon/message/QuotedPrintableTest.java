package dev.pigeon.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuotedPrintableTest {

    @Test
    void softBreaksKeepLinesWithin76AndNeverSplitAnEscape() {
        String encoded = qp("é".repeat(40) + "\r\n");
        for (String line : encoded.split("\r\n")) {
            assertThat(line.length()).isLessThanOrEqualTo(76);
            assertThat(line).matches("(=[0-9A-F]{2})*=?");
        }
        assertThat(encoded.replace("=\r\n", "").replace("\r\n", "")).isEqualTo("=C3=A9".repeat(40));
    }

    @Test
    void aLastCharacterMayUseColumn76ButOthersLeaveRoomForTheSoftBreak() {
        assertThat(qp("a".repeat(76))).isEqualTo("a".repeat(76));
        assertThat(qp("a".repeat(77))).isEqualTo("a".repeat(75) + "=\r\naa");
        assertThat(qp("a".repeat(73) + " ")).isEqualTo("a".repeat(73) + "=20");
        assertThat(qp("a".repeat(74) + " ")).isEqualTo("a".repeat(74) + "=\r\n=20");
    }

    @Test
    void whitespaceIsLiteralExceptAtTheEndOfALine() {
        assertThat(qp("a b\tc \r\n\t\r\n")).isEqualTo("a b\tc=20\r\n=09\r\n");
    }

    @Test
    void leadingDotsAndFromAreEncodedAfterSoftBreaksToo() {
        assertThat(qp(".x\r\nFrom me\r\nFromage\r\n")).isEqualTo("=2Ex\r\n=46rom me\r\nFromage\r\n");
        assertThat(qp("a".repeat(75) + ".b")).isEqualTo("a".repeat(75) + "=\r\n=2Eb");
    }

    @Test
    void emptyLinesAndEqualsSigns() {
        assertThat(qp("\r\n\r\n=\r\n")).isEqualTo("\r\n\r\n=3D\r\n");
        assertThat(qp("")).isEmpty();
    }

    private static String qp(String text) {
        return QuotedPrintable.encode(text.getBytes(StandardCharsets.UTF_8));
    }
}
