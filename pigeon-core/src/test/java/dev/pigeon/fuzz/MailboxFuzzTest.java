package dev.pigeon.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pigeon.protocol.InvalidAddressException;
import dev.pigeon.protocol.Mailbox;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link Mailbox#parse} against arbitrary text.
 *
 * <p>Properties: it refuses only with {@link InvalidAddressException}; an accepted mailbox holds
 * no control character (C0, DEL, C1) nor whitespace outside a quoted local part, fits the
 * RFC 5321 size limits, and its {@link Mailbox#toPath()} parses back to an equal mailbox.
 */
class MailboxFuzzTest {

    @BeforeAll
    static void replayOnlyWhenNotFuzzing() {
        RegressionMode.withoutHooksUnlessFuzzing();
    }

    /** The input is the text in UTF-8, or raw UTF-16 after 0xFE (see {@link FuzzInput#text}). */
    @FuzzTest
    void parse(byte[] input) {
        String text = FuzzInput.text(input);
        Mailbox mailbox;
        try {
            mailbox = Mailbox.parse(text);
        } catch (InvalidAddressException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }

        String path = mailbox.toPath();
        assertThat(path.codePoints().filter(MailboxFuzzTest::isControl)).as("controls in %s", path).isEmpty();
        assertThat(path.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(256);
        assertThat(mailbox.localPart().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64);
        assertThat(mailbox.domain().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        if (!mailbox.localPart().startsWith("\"")) {
            assertThat(path).as("whitespace outside quotes").doesNotContain(" ", "\t");
        }
        assertThat(Mailbox.parse(path)).isEqualTo(mailbox);
        assertThat(Mailbox.parse(mailbox.toString())).isEqualTo(mailbox);
    }

    private static boolean isControl(int c) {
        return c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0);
    }
}
