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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Refusals and hang-ups at every stage of the transaction: the exit status follows the reply
 * class, no content leaves before a 354, nothing follows a 421, and the user reads one line.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransactionIT {

    /** 421 means "closing": the server hangs up after it; the client must not carry on. */
    @ParameterizedTest(name = "421 at {0}")
    @EnumSource(value = Stage.class, names = {"GREETING", "HELLO", "MAIL", "RCPT", "DATA", "CONTENT"})
    void serviceClosingAtEachStageIs75AndEndsThere(Stage stage) {
        HostileSend.Run run = send(Dialogue.upTo(stage).send("421 4.3.2 hostile.test closing").close().build());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(75);
        assertPrintedSafely(run);
        assertThat(run.err().lines()).hasSize(1)
                .first().asString().contains("421 4.3.2").contains("hostile.test closing");
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.connection().dataBlocks()).hasSize(stage == Stage.CONTENT ? 1 : 0);
        int before = switch (stage) {
            case GREETING -> 0;
            case HELLO -> 1;
            case MAIL -> 2;
            case RCPT -> 3;
            case DATA -> 4;
            default -> -1;
        };
        if (before >= 0) {
            assertThat(run.wireLines()).as("nothing after the 421, not even QUIT").hasSize(before);
        }
    }

    @ParameterizedTest(name = "{1} at {0} -> {2}")
    @CsvSource({
        "GREETING, 554 5.3.2 no service, 69", "GREETING, 450 4.3.2 busy, 75",
        "MAIL, 553 5.1.8 bad sender, 69", "MAIL, 451 4.3.0 try later, 75",
        "RCPT, 550 5.1.1 no such user, 67", "RCPT, 450 4.2.1 mailbox busy, 75",
        "DATA, 554 5.5.1 no valid recipients, 69", "DATA, 451 4.3.0 later, 75",
        "CONTENT, 554 5.7.1 looks like spam, 69", "CONTENT, 452 4.3.1 out of storage, 75",
    })
    void refusalAtEachStageEndsWithQuitAndTheRightStatus(Stage stage, String reply, int exit) {
        Script.Builder script = Dialogue.upTo(stage).send(reply);
        HostileSend.Run run = send(script.expect("QUIT").send("221 bye").build());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(exit);
        assertPrintedSafely(run);
        // a refused recipient's line adds the code's meaning: "550 5.1.1 (bad destination mailbox address) no such user"
        assertThat(run.err()).contains(reply.substring(0, 9)).contains(reply.substring(9)).endsWith("\n");
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.wireLines().getLast()).isEqualTo("QUIT");
        assertThat(run.connection().dataBlocks()).hasSize(stage == Stage.CONTENT ? 1 : 0);
        if (stage.compareTo(Stage.DATA) < 0) {
            assertThat(run.wireLines()).doesNotContain("DATA");
        }
    }

    @Test
    void ehloAndHeloBothRefusedIs69() {
        HostileSend.Run run = send(Dialogue.upTo(Stage.HELLO).send("502 5.5.1 no EHLO").expect("HELO ")
                .send("554 5.7.1 go away").expect("QUIT").send("221 bye").build());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(69);
        assertPrintedSafelyInOneErrorLine(run);
        assertThat(run.err()).contains("HELO", "554 5.7.1 go away");
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.wireLines()).hasSize(3).last().isEqualTo("QUIT");
    }

    @Test
    void ehloRefusedForNowIsNotRetriedAsHelo() {
        HostileSend.Run run = send(Dialogue.upTo(Stage.HELLO).send("451 4.3.0 later").expect("QUIT")
                .send("221 bye").build());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(75);
        assertPrintedSafelyInOneErrorLine(run);
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.wireLines()).hasSize(2).last().isEqualTo("QUIT");
    }

    /** An intermediate 354 where a 250 belongs is not an acceptance: no RCPT, no content. */
    @Test
    void intermediateReplyToMailIsNotTakenForAcceptance() {
        HostileSend.Run run = send(Dialogue.upTo(Stage.MAIL).send("354 go on then").expect("QUIT")
                .send("221 bye").build());

        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        assertPrintedSafelyInOneErrorLine(run);
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.wireLines()).hasSize(3).last().isEqualTo("QUIT");
        assertThat(run.connection().dataBlocks()).isEmpty();
    }

    /** A 354 to the final dot is not "queued". */
    @Test
    void intermediateReplyToTheDotIsNotDelivery() {
        HostileSend.Run run = send(Dialogue.upTo(Stage.CONTENT).send("354 more please").expect("QUIT")
                .send("221 bye").build());

        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        assertPrintedSafelyInOneErrorLine(run);
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.connection().dataBlocks()).hasSize(1);
    }

    /**
     * RFC 5321 4.5.3.1.10: 452 "too many recipients" after two. The message goes to the two, and
     * each of the others is named on standard error with its reply. Today that exits 0 like any
     * partial refusal (the table says so; --strict-recipients makes it 67); RFC 5321 would have the
     * client send the rest in a second transaction, which pigeon does not do yet (reported).
     */
    @Test
    void tooManyRecipientsAfterTwoNamesEachRefusedRecipient() {
        Script.Builder b = Dialogue.upTo(Stage.MAIL).send("250 ok");
        b.expect("RCPT TO:<bob@").send("250 ok").expect("RCPT TO:<r2@").send("250 ok");
        for (int i = 3; i <= 5; i++) {
            b.expect("RCPT TO:<r" + i + "@").send("452 4.5.3 too many recipients");
        }
        HostileSend.Run run = send(b.expect("DATA").send("354 go").expectData().send("250 queued")
                        .expect("QUIT").send("221 bye").build(),
                "--to", "r2@example.org", "--to", "r3@example.org",
                "--to", "r4@example.org", "--to", "r5@example.org");

        assertPrintedSafely(run);
        assertThat(run.err().lines()).as(run.toString())
                .anySatisfy(l -> assertThat(l).contains("r3@example.org", "452"))
                .anySatisfy(l -> assertThat(l).contains("r5@example.org", "452"));
        assertThat(run.err().lines()).as(run.toString()).hasSize(3);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.connection().dataBlocks()).hasSize(1);
        assertThat(run.wireLines()).filteredOn(l -> l.startsWith("RCPT")).hasSize(5);
    }

    @ParameterizedTest(name = "hang-up at {0}")
    @EnumSource(value = Stage.class, names = {"GREETING", "HELLO", "RCPT", "DATA"})
    void hangUpBeforeTheContentIs75AndNotPossiblyDelivered(Stage stage) {
        HostileSend.Run run = send(Dialogue.upTo(stage).close().build());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(75);
        assertPrintedSafelyInOneErrorLine(run);
        assertThat(run.err()).startsWith("pigeon: connection lost").doesNotContain("may or may not");
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.connection().dataBlocks()).isEmpty();
    }

    /** The server vanishes after 64 KiB of a 16 MiB message: a failed write, no terminator, not delivered. */
    @Test
    void hangUpInTheMiddleOfTheContentIs75AndNoTerminatorIsSent(@TempDir Path dir) throws Exception {
        Path message = dir.resolve("big.eml");
        byte[] line = "Subject: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (var out = Files.newOutputStream(message)) {
            out.write(line);
            byte[] row = (".dotted line of filler text, long enough to matter".repeat(2) + "\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int i = 0; i < (16 << 20) / row.length; i++) {
                out.write(row);
            }
        }
        HostileSend.Run run = send(Dialogue.upTo(Stage.DATA).send("354 go").closeMidData(64 * 1024).build(),
                "--data", message.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(75);
        assertPrintedSafelyInOneErrorLine(run);
        assertThat(run.err()).doesNotContain("may or may not");
        assertTookLessThan(run, TIMEOUT);
        assertThat(run.wireText()).doesNotContain("\r\n.\r\n");
    }
}
