package dev.pigeon.cli.hostile;

import static dev.pigeon.cli.hostile.HostileSend.TIMEOUT;
import static dev.pigeon.cli.hostile.HostileSend.assertPrintedSafely;
import static dev.pigeon.cli.hostile.HostileSend.assertPrintedSafelyInOneErrorLine;
import static dev.pigeon.cli.hostile.HostileSend.assertTookLessThan;
import static dev.pigeon.cli.hostile.HostileSend.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.client.Stage;
import dev.pigeon.testing.Dialogue;
import dev.pigeon.testing.Script;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Servers that go quiet or crawl: every wait ends at the limit ({@code --timeout 1}), exit 75, and
 * silence after the final dot is reported as "may or may not have been delivered" (RFC 1047).
 * A silent script ends early, so the server drains: it records all the client sends until it closes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TimingIT {
    private static final int TEMPFAIL = 75;
    private static final Duration NEARLY = TIMEOUT.minusMillis(100);

    @Test
    void noGreetingTimesOutAtTheLimit() {
        HostileSend.Run run = send(Script.builder().build());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(TEMPFAIL);
        assertPrintedSafelyInOneErrorLine(run);
        assertThat(run.err()).startsWith("pigeon: timed out").contains("greeting");
        assertThat(run.elapsed()).isGreaterThan(NEARLY);
        assertTookLessThan(run, TIMEOUT);
        assertThat(run.wireText()).isEmpty();
        assertThat(run.connection().clientClosed()).isTrue();
    }

    @Test
    void greetingDrippedByteByByteWithinTheLimitIsFine() {
        HostileSend.Run run = send(Script.builder().drip(Duration.ofMillis(15), "220 slow.test ESMTP")
                .expect("EHLO ").send("250 slow.test").expect("MAIL FROM:").send("250 ok").expect("RCPT TO:")
                .send("250 ok").expect("DATA").send("354 go").expectData().send("250 queued").expect("QUIT")
                .send("221 bye").build());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        assertPrintedSafely(run);
        assertThat(run.out()).contains("<-  220 slow.test ESMTP\n");
        assertTookLessThan(run, TIMEOUT);
        assertThat(run.connection().dataBlocks()).hasSize(1);
    }

    /** Each byte comes well within the limit, the greeting as a whole does not: the deadline is per reply. */
    @Test
    void greetingDrippedPastTheLimitTimesOutAtTheLimit() {
        HostileSend.Run run = send(Script.builder()
                .drip(Duration.ofMillis(100), "220 this greeting takes four seconds or more to arrive").build());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(TEMPFAIL);
        assertPrintedSafelyInOneErrorLine(run);
        assertThat(run.err()).startsWith("pigeon: timed out").contains("greeting");
        assertThat(run.elapsed()).isGreaterThan(NEARLY).isLessThan(TIMEOUT.plusMillis(2500));
        assertThat(run.out()).doesNotContain("<-  220");
    }

    @ParameterizedTest(name = "silence after {0}")
    @CsvSource({"HELLO, EHLO", "MAIL, MAIL FROM:<ann@example.org>", "RCPT, RCPT TO:<bob@example.org>",
        "DATA, DATA"})
    void silenceAfterACommandTimesOutAndSaysNothingWasDelivered(Stage stage, String lastLine) {
        HostileSend.Run run = send(Dialogue.upTo(stage).build());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(TEMPFAIL);
        assertPrintedSafelyInOneErrorLine(run);
        assertThat(run.err()).startsWith("pigeon: timed out").doesNotContain("may or may not");
        assertThat(run.elapsed()).isGreaterThan(NEARLY);
        assertTookLessThan(run, TIMEOUT);
        assertThat(run.wireLines().getLast()).startsWith(lastLine);
        assertThat(run.wireText()).doesNotContain("\r\n.\r\n");
        assertThat(run.connection().clientClosed()).isTrue();
    }

    @Test
    void silenceAfterTheFinalDotMayOrMayNotHaveDelivered() {
        HostileSend.Run run = send(Dialogue.upTo(Stage.CONTENT).build());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(TEMPFAIL);
        assertPrintedSafelyInOneErrorLine(run);
        assertThat(run.err()).contains("timed out", "may or may not have been delivered");
        assertThat(run.out()).contains("may or may not have been delivered");
        assertThat(run.elapsed()).isGreaterThan(NEARLY);
        assertTookLessThan(run, TIMEOUT);
        assertThat(run.connection().dataBlocks()).hasSize(1);
        assertThat(run.wireText()).endsWith("\r\n.\r\n");
        assertThat(run.connection().clientClosed()).isTrue();
    }

    /** The message was accepted: a server that never answers QUIT must not turn that into a failure. */
    @Test
    void silenceAfterQuitStillDeliveredWithinTheLimit() {
        HostileSend.Run run = send(Dialogue.upTo(Stage.CONTENT).send("250 2.0.0 queued").expect("QUIT").build());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        assertPrintedSafely(run);
        assertTookLessThan(run, TIMEOUT);
        assertThat(run.wireLines().getLast()).isEqualTo("QUIT");
    }

    /** A greeting that never ends its line: the limit applies to the reply, however the bytes trickle. */
    @Test
    void greetingWithoutLineEndTimesOut() {
        HostileSend.Run run = send(Script.builder().sendRaw("220 and then nothing").build());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(TEMPFAIL);
        assertPrintedSafelyInOneErrorLine(run);
        assertThat(run.err()).startsWith("pigeon: timed out");
        assertTookLessThan(run, TIMEOUT);
        assertThat(run.wireLines()).isEqualTo(List.of());
    }
}
