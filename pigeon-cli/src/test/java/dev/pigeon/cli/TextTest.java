package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {
    @Test
    void oneLineEscapesControlsAndCharactersThatReorderOrHideText() {
        assertThat(Text.oneLine("550 no\r\n\u001b[31mred")).isEqualTo("550 no\\x0D\\x0A\\x1B[31mred");
        // a bidi override would make "txt.exe" read as "exe.txt"; a zero-width space hides itself
        assertThat(Text.oneLine("file\u202Etxt.exe\u200B")).isEqualTo("file\\u202Etxt.exe\\u200B");
        assertThat(Text.oneLine("Grüße, 日本")).isEqualTo("Grüße, 日本");
        assertThat(Text.oneLine(null)).isEmpty();
    }
}
