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
import dev.pigeon.testing.ScriptedServer;
import dev.pigeon.tls.CertifiedKey;
import dev.pigeon.tls.SelfSignedCertificate;
import dev.pigeon.tls.ServerTls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile servers meet the ESMTP extensions (SIZE, PIPELINING, DSN) and {@code pigeon sendmail}:
 * a SIZE too small stops before MAIL, a SIZE that changes under TLS is the one under TLS, a
 * pipelined batch answered badly ends bounded, DSN values cannot inject, and an address that
 * starts with '-' is never read as an option.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExtensionsIT {
    @TempDir
    static Path dir;
    static SSLContext serverTls;
    static Path caFile;

    @BeforeAll
    static void certificates() throws Exception {
        CertifiedKey key = SelfSignedCertificate.generateLocal();
        serverTls = ServerTls.context(key);
        caFile = SelfSignedCertificate.writePem(key, dir.resolve("tls")).certificate();
    }

    @Test
    void sizeSmallerThanTheMessageStopsBeforeMail() {
        HostileSend.Run run = send(Script.builder().send(Dialogue.GREETING).expect("EHLO ")
                .send("250-hostile.test", "250 SIZE 100").expect("QUIT").send("221 bye").build(),
                "--body", "x".repeat(500));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(69);
        assertPrintedSafely(run);
        assertThat(run.err()).contains("SIZE");
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.wireLines()).hasSize(2).last().isEqualTo("QUIT");
    }

    private static Script.Builder sizeBeforeAndUnderTls(long before, long under) {
        return Script.builder().send(Dialogue.GREETING).expect("EHLO ")
                .send("250-hostile.test", "250-SIZE " + before, "250 STARTTLS").expect("STARTTLS").send("220 go")
                .startTls(serverTls).expect("EHLO ").send("250-tls.hostile.test", "250 SIZE " + under);
    }

    /** The SIZE announced before TLS was generous; under TLS it is not: the one under TLS counts. */
    @Test
    void sizeShrinkingUnderTlsIsTheOneThatCounts() {
        HostileSend.Run run = send(sizeBeforeAndUnderTls(10_000_000, 100).expect("QUIT").send("221 bye").build(),
                "--tls", "--tls-ca", caFile.toString(), "--body", "x".repeat(500));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(69);
        assertPrintedSafely(run);
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.connection().linesUnderTls()).noneMatch(l -> l.startsWith("MAIL"));
    }

    /** A tiny SIZE before TLS (a man in the middle's, say) is forgotten once TLS begins. */
    @Test
    void sizeGrowingUnderTlsIsTheOneThatCounts() {
        HostileSend.Run run = send(sizeBeforeAndUnderTls(100, 10_000_000).expect("MAIL FROM:").send("250 ok")
                .expect("RCPT TO:").send("250 ok").expect("DATA").send("354 go").expectData().send("250 queued")
                .expect("QUIT").send("221 bye").build(), "--tls", "--tls-ca", caFile.toString(),
                "--body", "x".repeat(500));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertPrintedSafely(run);
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.connection().linesUnderTls()).anyMatch(l -> l.startsWith("MAIL FROM:<ann@example.org> SIZE="));
    }

    private static Script.Builder pipelining() {
        return Script.builder().send(Dialogue.GREETING).expect("EHLO ").send("250-hostile.test", "250 PIPELINING");
    }

    /** Every recipient refused in the batch, yet DATA answered 354: no content may follow (RFC 2920 3.1). */
    @Test
    void pipelinedDataAcceptedAfterEveryRecipientRefusedSendsNoContent() {
        HostileSend.Run run = send(pipelining().expect("MAIL FROM:").expect("RCPT TO:").expect("DATA")
                .send("250 ok", "550 5.1.1 no such user", "354 go ahead anyway").expectData()
                .send("554 5.5.1 no valid recipients").expect("QUIT").send("221 bye").build());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(67);
        assertPrintedSafely(run);
        assertTookLessThan(run, Duration.ZERO);
        String afterData = run.wireText().substring(run.wireText().indexOf("DATA\r\n") + 6);
        assertThat(afterData).isEqualTo(".\r\nQUIT\r\n");
        assertThat(run.connection().dataBlocks()).singleElement().satisfies(b -> assertThat(b).isEmpty());
    }

    /** The server answers the batch halfway and goes quiet: the wait ends at the limit, nothing delivered. */
    @Test
    void pipelinedBatchAnsweredHalfwayTimesOut() {
        HostileSend.Run run = send(pipelining().expect("MAIL FROM:").expect("RCPT TO:").expect("DATA")
                .send("250 ok").build());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(75);
        assertPrintedSafelyInOneErrorLine(run);
        assertThat(run.err()).doesNotContain("may or may not");
        assertTookLessThan(run, TIMEOUT);
        assertThat(run.connection().dataBlocks()).isEmpty();
    }

    /** 421 to MAIL in a batch, then the server hangs up: 75, no content. */
    @Test
    void pipelinedBatchCutShortBy421() {
        HostileSend.Run run = send(pipelining().expect("MAIL FROM:").expect("RCPT TO:").expect("DATA")
                .send("421 4.3.2 closing").close().build());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(75);
        assertPrintedSafely(run);
        assertThat(run.err()).contains("421");
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.connection().dataBlocks()).isEmpty();
    }

    @ParameterizedTest(name = "{0} with U+{1}")
    @CsvSource({"--dsn-envid, 0D", "--dsn-envid, 0A", "--dsn-envid, 00", "--dsn-notify, 0D", "--dsn-notify, 0A",
        "--dsn-ret, 0A"})
    void dsnValuesWithControlsAre64AndNothingConnects(String option, String hex) {
        String control = Character.toString(Integer.parseInt(hex, 16));
        String value = switch (option) {
            case "--dsn-envid" -> "id" + control + "RSET";
            case "--dsn-notify" -> "FAILURE" + control + "RSET";
            default -> "HDRS" + control + "RSET";
        };
        try (ScriptedServer server = ScriptedServer.start(Dialogue.delivering().build())) {
            HostileSend.Run run = HostileSend.sendTo(server, option, value);

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(64);
            assertPrintedSafelyInOneErrorLine(run);
            assertTookLessThan(run, Duration.ZERO);
            assertThat(run.connection()).isNull();
        }
    }

    /** sendmail mode: after '--', an address starting with '-' is a recipient, nothing else. */
    @Test
    void sendmailAddressStartingWithADashAfterDoubleDashIsARecipient() {
        try (ScriptedServer server = ScriptedServer.start(Dialogue.delivering().build())) {
            HostileSend.Run run = HostileSend.run(server, "Subject: t\n\nhi\n".getBytes(StandardCharsets.US_ASCII),
                    "sendmail", "--server", server.host(), "--port", Integer.toString(server.port()), "--timeout", "1",
                    "-f", "ann@example.org", "--", "-oQ/tmp/x@example.org");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out() + run.err()).isEmpty();
            assertTookLessThan(run, Duration.ZERO);
            assertThat(run.wireLines()).contains("RCPT TO:<-oQ/tmp/x@example.org>");
        }
    }

    /** An option-looking argument that is not a known option is a usage error, never a silent no-op. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"-X/tmp/pigeon.log", "--oQ/tmp/x@example.org", "-C/etc/passwd"})
    void sendmailUnknownDashArgumentsAre64AndNothingConnects(String argument) {
        try (ScriptedServer server = ScriptedServer.start(Dialogue.delivering().build())) {
            HostileSend.Run run = HostileSend.run(server, "Subject: t\n\nhi\n".getBytes(StandardCharsets.US_ASCII),
                    "sendmail", "--server", server.host(), "--port", Integer.toString(server.port()), "--timeout", "1",
                    "-f", "ann@example.org", argument, "bob@example.org");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(64);
            assertPrintedSafely(run);
            assertTookLessThan(run, Duration.ZERO);
            assertThat(run.connection()).isNull();
        }
    }

    /** A sender that starts with '-' (the PHPMailer class) is just an address on the wire. */
    @Test
    void sendmailSenderStartingWithADashIsOnlyAnAddress() {
        try (ScriptedServer server = ScriptedServer.start(Dialogue.delivering().build())) {
            HostileSend.Run run = HostileSend.run(server, "Subject: t\n\nhi\n".getBytes(StandardCharsets.US_ASCII),
                    "sendmail", "--server", server.host(), "--port", Integer.toString(server.port()), "--timeout", "1",
                    "-f", "-X/tmp/log@example.org", "bob@example.org");

            assertPrintedSafely(run);
            assertTookLessThan(run, Duration.ZERO);
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out() + run.err()).isEmpty();
            assertThat(run.wireLines()).anyMatch(l -> l.startsWith("MAIL FROM:<-X/tmp/log@example.org>"))
                    .contains("RCPT TO:<bob@example.org>");
        }
    }
}
