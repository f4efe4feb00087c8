package dev.pigeon.cli.hostile;

import static dev.pigeon.cli.hostile.HostileSend.assertPrintedSafely;
import static dev.pigeon.cli.hostile.HostileSend.assertPrintedSafelyInOneErrorLine;
import static dev.pigeon.cli.hostile.HostileSend.assertTookLessThan;
import static dev.pigeon.cli.hostile.HostileSend.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.client.Stage;
import dev.pigeon.testing.Dialogue;
import dev.pigeon.testing.Script;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replies that break SMTP's syntax: {@code pigeon send} exits 76 with one escaped line, in bounded
 * time and memory, and sends nothing after the broken reply (no RCPT after a broken MAIL reply).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReplySyntaxIT {
    private static final int PROTOCOL = 76;

    /** Raw replies to MAIL FROM, each ended as written (Java escapes). */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "199 below the range\r\n",           // 1xx: no such reply in SMTP
        "600 above the range\r\n",
        "099 way below\r\n",
        "2x0 not digits\r\n",
        "abc letters\r\n",
        "25\r\n",                             // too short for a code
        "250x no separator\r\n",
        "250-first\r\n251 second disagrees\r\n",
        "250-first\r\n550 then a refusal\r\n",   // a refusal hidden at the end of a 250 reply
        "250 bare\rcr inside\r\n",
        "250 lf only\n",
        "\r\n",                               // an empty line
        "\u0000\u0000\u0000 nul code\r\n",
    })
    void malformedReplyToMailIs76AndNothingMoreIsSent(String reply) {
        HostileSend.Run run = send(Dialogue.upTo(Stage.MAIL).sendRaw(reply).build());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(PROTOCOL);
        assertPrintedSafelyInOneErrorLine(run);
        assertThat(run.err()).startsWith("pigeon: the server broke the SMTP protocol");
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.wireLines()).containsExactly("EHLO " + run.wireLines().getFirst().substring(5),
                "MAIL FROM:<ann@example.org>");
        assertThat(run.out()).doesNotContain("RCPT");
    }

    @Test
    void continuationLinesWithoutEndAreCutOffInBoundedTimeAndMemory() {
        long offered = 64L << 20;
        HostileSend.Run run = send(Dialogue.upTo(Stage.HELLO).send("250-hostile.test")
                .flood("250-AND-ANOTHER-CAPABILITY\r\n", offered).build());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(PROTOCOL);
        assertPrintedSafelyInOneErrorLine(run);
        assertThat(run.err()).contains("more than 256 lines");
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.connection().floodedBytes()).isLessThan(offered);
        assertThat(run.wireLines()).hasSize(1).first().asString().startsWith("EHLO ");
        assertThat(run.outBytes().length).isLessThan(64 * 1024);
    }

    @Test
    void aReplyLineOfMegabytesIsCutOffInBoundedTimeAndMemory() {
        long offered = 64L << 20;
        HostileSend.Run run = send(Script.builder().sendRaw("220 ").flood("A", offered).build());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(PROTOCOL);
        assertPrintedSafelyInOneErrorLine(run);
        assertThat(run.err()).contains("reply line longer than 2048 bytes");
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.connection().floodedBytes()).isLessThan(offered);
        assertThat(run.wireLines()).isEmpty();
        assertThat(run.outBytes().length).isLessThan(64 * 1024);
    }

    /** The whole dialogue with every reply byte in its own segment: nothing is lost or joined. */
    @Test
    void repliesSplitAtEveryByteStillDeliver() {
        Duration none = Duration.ZERO;
        HostileSend.Run run = send(Script.builder()
                .drip(none, "220 hostile.test")
                .expect("EHLO ").drip(none, "250-hostile.test", "250 8BITMIME")
                .expect("MAIL FROM:").drip(none, "250 2.1.0 ok")
                .expect("RCPT TO:").drip(none, "250 2.1.5 ok")
                .expect("DATA").drip(none, "354 go")
                .expectData().drip(none, "250 2.0.0 queued")
                .expect("QUIT").drip(none, "221 bye").build());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        assertPrintedSafely(run);
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.connection().dataBlocks()).hasSize(1);
        assertThat(run.out()).contains("<-  250-hostile.test\n<-  250 8BITMIME\n", "<-  221 bye\n");
    }

    /** ESC (screen clear, title change), BEL, NUL, DEL, C1 CSI, a bidi override and invalid UTF-8. */
    @Test
    void controlsAndEscapeSequencesInReplyTextArePrintedEscaped() {
        HostileSend.Run run = send(Dialogue.upTo(Stage.GREETING)
                .sendRaw("220-hostile.test \u001b[2J\u001b]0;owned\u0007\r\n"
                        + "220 nul\u0000del\u007fcsi\u009b31m \u00e2\u0080\u00aeevil \u00ff\u00fe\r\n")
                .expect("EHLO ").send("250 hostile.test")
                .expect("MAIL FROM:").send("550 5.7.1 \u001b[31mred\u001b[0m\u0000 refused").expect("QUIT")
                .send("221 bye").build());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(69);
        assertPrintedSafelyInOneErrorLine(run);
        assertThat(run.out()).contains("<-  220-hostile.test \\x1B[2J\\x1B]0;owned\\x07\n");
        assertThat(run.err()).isEqualTo("pigeon: the server refused the sender: 550 5.7.1 \\x1B[31mred\\x1B[0m\\x00"
                + " refused\n");
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.wireLines()).hasSize(3).last().isEqualTo("QUIT");
    }
}
