package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.protocol.Mailbox;
import dev.pigeon.server.ClientInfo;
import dev.pigeon.server.Decision;
import dev.pigeon.server.MailReceiver;
import dev.pigeon.server.ReceivedMessage;
import dev.pigeon.server.SmtpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pigeon bulk} end to end against pigeon's own server, which refuses {@code nobody@} for
 * good (550) and {@code later@} for now (450): every source kind, the envelope taken from the
 * headers with Bcc stripped from what is sent, the JSONL report, the summary and the exit status.
 */
@org.junit.jupiter.api.Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS)
class BulkCommandIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @TempDir
    Path maildir;

    private SmtpServer server;

    @BeforeEach
    void start() throws Exception {
        MailReceiver receiver = new MailReceiver() {
            @Override
            public Decision onRecipient(ClientInfo client, Mailbox from, Mailbox to) {
                return switch (to.localPart()) {
                    case "nobody" -> Decision.reject(550, "5.1.1 no such user");
                    case "later" -> Decision.reject(450, "4.2.1 try again later");
                    default -> Decision.accept();
                };
            }
        };
        server = SmtpServer.builder().maildir(maildir).receiver(receiver)
                .bindAddress(InetAddress.getByName("127.0.0.1")).build().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String eml(int n, String to, String extraHeaders) {
        return "From: Ann <ann@example.org>\r\nTo: " + to + "\r\n" + extraHeaders + "Subject: bulk " + n
                + "\r\nMessage-ID: <bulk" + n + "@example.org>\r\n\r\nBody of message " + n + ".\r\n";
    }

    /** Checked before anything is spooled: an empty server would bounce every message for good. */
    @Test
    void anEmptyServerOrANegativeDurationIsAUsageError() {
        Cli.Run empty = Cli.run("bulk", "--server", "", "--spool", dir.resolve("s1").toString(), "--to", "a@x.test",
                dir.toString());
        assertThat(empty.exitCode()).as(empty.toString()).isEqualTo(64);
        assertThat(empty.err()).contains("--server is empty");
        assertThat(dir.resolve("s1")).doesNotExist();
        Cli.Run negative = Cli.run("bulk", "--server", "127.0.0.1", "--retry-after", "-5s", "--spool",
                dir.resolve("s2").toString(), dir.toString());
        assertThat(negative.exitCode()).as(negative.toString()).isEqualTo(64);
        assertThat(negative.err()).contains("must not be negative").doesNotContain("internal error");
    }

    private Cli.Run bulk(String... more) {
        List<String> args = new ArrayList<>(List.of("bulk", "--server", "127.0.0.1", "--port",
                Integer.toString(server.port()), "--no-tls", "--timeout", "10", "--spool",
                dir.resolve("spool").toString(), "--quiet", "--connections", "2"));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private List<Map<String, Object>> report() throws IOException {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("spool").resolve("report.jsonl"))) {
            lines.add(MiniJson.object(line));
        }
        return lines;
    }

    private static String text(ReceivedMessage m) throws IOException {
        return new String(m.content(), StandardCharsets.UTF_8);
    }

    @Test
    void directoryOfEmlFilesIsSentWithBccStrippedAndReported() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        for (int i = 1; i <= 20; i++) {
            Files.writeString(in.resolve(String.format("m%02d.eml", i)),
                    eml(i, "bob@example.org", "Bcc: secret@example.org\r\n"));
        }
        Files.writeString(in.resolve(".hidden.eml"), eml(99, "bob@example.org", ""));

        Cli.Run run = bulk(in.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("spooled 20 message(s)");
        assertThat(run.out()).contains("Attempts this run:", "delivered", "Report: ");
        assertThat(run.out()).containsPattern("delivered\\s+20\\n");
        List<ReceivedMessage> received = server.inbox().awaitMessages(20, WAIT);
        assertThat(received).hasSize(20);
        for (ReceivedMessage m : received) {
            // Bcc recipients get the message, but nobody sees the Bcc field.
            assertThat(m.envelope().recipients()).extracting(Mailbox::address)
                    .containsExactly("bob@example.org", "secret@example.org");
            assertThat(m.envelope().from().address()).isEqualTo("ann@example.org");
            assertThat(text(m)).doesNotContainIgnoringCase("bcc").contains("To: bob@example.org\r\n");
        }
        List<Map<String, Object>> report = report();
        assertThat(report).hasSize(20).allSatisfy(line -> {
            assertThat(line).containsEntry("state", "delivered").containsEntry("attempt", 1L)
                    .containsKeys("id", "source", "message_id", "recipients", "code", "server", "latency_us");
            assertThat((String) line.get("message_id")).matches("<bulk\\d+@example.org>");
        });
    }

    @Test
    void rerunWithTheSameSourcesSendsNothingTwice() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        for (int i = 1; i <= 3; i++) {
            Files.writeString(in.resolve("m" + i + ".eml"), eml(i, "bob@example.org", ""));
        }
        assertThat(bulk(in.toString()).exitCode()).isZero();
        Cli.Run again = bulk(in.toString());
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.err()).contains("3 message(s) already in the spool, not added again");
        assertThat(server.inbox().awaitMessages(3, WAIT)).hasSize(3);
        assertThat(server.inbox().size()).isEqualTo(3);
    }

    @Test
    void mboxMessagesAreSplitAndSent() throws Exception {
        Path mbox = dir.resolve("box.mbox");
        Files.writeString(mbox, "From ann@example.org Mon Jan  1 00:00:00 2024\n" + eml(1, "bob@example.org", "")
                .replace("\r\n", "\n") + ">From the start of a line\n\nFrom ann@example.org Mon Jan  1 00:00:01 2024\n"
                + eml(2, "carl@example.org", "").replace("\r\n", "\n"));

        Cli.Run run = bulk(mbox.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<ReceivedMessage> received = server.inbox().awaitMessages(2, WAIT);
        received = received.stream().sorted(Comparator.comparing(m -> m.envelope().recipients().getFirst().address()))
                .toList();
        assertThat(received.get(0).envelope().recipients()).extracting(Mailbox::address).containsExactly("bob@example.org");
        assertThat(text(received.get(0))).contains("Subject: bulk 1\r\n", "\r\nFrom the start of a line\r\n");
        assertThat(received.get(1).envelope().recipients()).extracting(Mailbox::address).containsExactly("carl@example.org");
        assertThat(report()).extracting(l -> l.get("source")).hasSize(2).allMatch(s -> ((String) s).contains("box.mbox#"));
    }

    @Test
    void templateWithCsvRowsFillsEachMessage() throws Exception {
        Path template = dir.resolve("news.eml");
        Files.writeString(template, "From: news@example.org\r\nTo: {{name}} <{{email}}>\r\nSubject: Hello {{name}}"
                + "\r\n\r\nDear {{name}}, your code is {{code}}.\r\n");
        Path csv = dir.resolve("list.csv");
        Files.writeString(csv, "email,name,code\nbob@example.org,Bob,111\n\"carl@example.org\",\"Carl, Jr\",222\n");

        Cli.Run run = bulk("--template", template.toString(), "--recipients", csv.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<ReceivedMessage> received = server.inbox().awaitMessages(2, WAIT);
        assertThat(received).extracting(m -> m.envelope().recipients().getFirst().address())
                .containsExactlyInAnyOrder("bob@example.org", "carl@example.org");
        for (ReceivedMessage m : received) {
            String text = text(m);
            if (m.envelope().recipients().getFirst().localPart().equals("bob")) {
                assertThat(text).contains("Subject: Hello Bob\r\n", "Dear Bob, your code is 111.\r\n");
            } else {
                assertThat(text).contains("Subject: Hello Carl, Jr\r\n", "Dear Carl, Jr, your code is 222.\r\n");
            }
        }
    }

    @Test
    void templateWithJsonLinesRowsAndForcedEnvelope() throws Exception {
        Path template = dir.resolve("note.eml");
        Files.writeString(template, "From: news@example.org\r\nTo: {{to}}\r\nSubject: For {{to}}\r\n\r\n{{msg}}\r\n");
        Path jsonl = dir.resolve("rows.jsonl");
        Files.writeString(jsonl, "{\"to\": \"bob@example.org\", \"msg\": \"first\"}\n"
                + "{\"to\": \"dora@example.org\", \"msg\": \"second\"}\n");

        Cli.Run run = bulk("--from", "bounces@example.org", "--template", template.toString(), "--recipients",
                jsonl.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<ReceivedMessage> received = server.inbox().awaitMessages(2, WAIT);
        assertThat(received).allSatisfy(m -> assertThat(m.envelope().from().address()).isEqualTo("bounces@example.org"));
        assertThat(received).extracting(m -> m.envelope().recipients().getFirst().address())
                .containsExactlyInAnyOrder("bob@example.org", "dora@example.org");
        assertThat(received).anySatisfy(m -> assertThat(text(m)).contains("Subject: For dora@example.org\r\n",
                "\r\n\r\nsecond\r\n"));
    }

    @Test
    void aPermanentRefusalExitsWith67AndIsNamedInTheSummary() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("a.eml"), eml(1, "bob@example.org", ""));
        Files.writeString(in.resolve("b.eml"), eml(2, "nobody@example.org", ""));

        Cli.Run run = bulk(in.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(67);
        assertThat(run.out()).containsPattern("bounced\\s+1\\n").contains("Top refusal reasons:", "550");
        assertThat(report()).anySatisfy(l -> assertThat(l).containsEntry("state", "bounced").containsEntry("code", 550L));
        assertThat(server.inbox().awaitMessages(1, WAIT)).hasSize(1);
    }

    @Test
    void aTemporaryRefusalWithNoWaitExitsWith75() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("a.eml"), eml(1, "later@example.org", ""));

        Cli.Run run = bulk("--no-wait", in.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(75);
        assertThat(run.out()).containsPattern("deferred\\s+1\\n");
        assertThat(report()).singleElement().satisfies(l -> assertThat(l).containsEntry("state", "deferred")
                .containsEntry("code", 450L).containsKey("next_attempt"));
    }

    @Test
    void aMessageWithoutRecipientsIsBadInput() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("a.eml"), "From: ann@example.org\r\nSubject: nobody\r\n\r\nhi\r\n");

        Cli.Run run = bulk(in.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(65);
        assertThat(run.err()).contains("no recipients");
    }
}
