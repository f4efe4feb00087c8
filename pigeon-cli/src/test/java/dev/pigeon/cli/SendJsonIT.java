package dev.pigeon.cli;

import static dev.pigeon.cli.FakeSmtpServer.STALL;
import static dev.pigeon.cli.FakeSmtpServer.say;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code pigeon send --json}: one JSON object on standard output, parsed back and checked. */
class SendJsonIT {
    private FakeSmtpServer fake;

    @BeforeEach
    void start() throws IOException {
        fake = new FakeSmtpServer();
    }

    @AfterEach
    void stop() throws IOException {
        fake.close();
    }

    private Cli.Run send(String... more) {
        fake.start();
        List<String> args = new ArrayList<>(List.of("send", "--json", "--server", "127.0.0.1", "--port",
                fake.portText(), "--from", "ann@example.org", "--to", "bob@example.org", "--timeout", "5"));
        args.addAll(Arrays.asList(more));
        return Cli.run(args.toArray(String[]::new));
    }

    /** Standard output must be exactly one line holding one JSON object. */
    private static Map<String, Object> report(Cli.Run run) {
        assertThat(run.out().lines()).as(run.toString()).hasSize(1);
        assertThat(run.out()).endsWith("}\n");
        return MiniJson.object(run.out());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    @Test
    void deliveredWithQueueIdAndEnhancedCodes() {
        Cli.Run run = send("--body", "hi");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        Map<String, Object> r = report(run);
        assertThat(r.keySet()).containsExactly("server", "port", "outcome", "exit_code", "stage", "recipients",
                "final_reply", "refusal", "tls", "extensions", "notices", "error", "errors", "timings_ms");
        assertThat(r).containsEntry("server", "127.0.0.1").containsEntry("port", (long) fake.port())
                .containsEntry("outcome", "delivered").containsEntry("exit_code", 0L)
                .containsEntry("refusal", null).containsEntry("tls", null).containsEntry("error", null);
        assertThat(list(r.get("recipients"))).containsExactly(Map.of("address", "bob@example.org", "accepted", true,
                "code", 250L, "enhanced", "2.1.5", "meaning", "destination address valid", "text", "2.1.5 ok"));
        Map<String, Object> fin = map(r.get("final_reply"));
        assertThat(fin).containsEntry("code", 250L).containsEntry("enhanced", "2.0.0")
                .containsEntry("text", "2.0.0 queued as 42").containsEntry("queue_id", "42");
        Map<String, Object> t = map(r.get("timings_ms"));
        assertThat(t.keySet()).containsExactly("connect", "greeting", "tls", "data", "total");
        assertThat((Long) t.get("total")).isGreaterThanOrEqualTo((Long) t.get("connect"));
        assertThat(t.get("tls")).isNull();
    }

    @Test
    void partialDeliveryNamesTheRefusedRecipient() {
        fake.on("RCPT TO:<nobody@example.org>", say("550 5.1.1 no such user"));
        Cli.Run run = send("--to", "nobody@example.org");
        assertThat(run.exitCode()).isZero();
        Map<String, Object> r = report(run);
        assertThat(r).containsEntry("outcome", "partially_delivered");
        Map<String, Object> refused = map(list(r.get("recipients")).get(1));
        assertThat(refused).containsEntry("address", "nobody@example.org").containsEntry("accepted", false)
                .containsEntry("code", 550L).containsEntry("enhanced", "5.1.1")
                .containsEntry("meaning", "bad destination mailbox address");
        assertThat(list(r.get("errors"))).containsExactly(
                "recipient nobody@example.org refused: 550 5.1.1 (bad destination mailbox address) no such user");
        assertThat(run.err()).contains("nobody@example.org refused"); // standard error still has it
    }

    @Test
    void refusedSenderIsAReportWithTheRefusal() {
        fake.on("MAIL", say("550 5.7.1 go away"));
        Cli.Run run = send();
        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        Map<String, Object> r = report(run);
        assertThat(r).containsEntry("outcome", "refused").containsEntry("stage", "mail")
                .containsEntry("exit_code", (long) ExitCodes.UNAVAILABLE).containsEntry("final_reply", null);
        assertThat(map(r.get("refusal"))).containsEntry("code", 550L).containsEntry("text", "5.7.1 go away");
    }

    @Test
    void timeoutIsAFailureWithStageAndMessage() {
        fake.on(".", STALL);
        Cli.Run run = send("--timeout", "0.5");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.TEMPFAIL);
        Map<String, Object> r = report(run);
        assertThat(r).containsEntry("outcome", "failed").containsEntry("stage", "content")
                .containsEntry("recipients", List.of()).containsEntry("exit_code", 75L);
        assertThat(map(r.get("error"))).containsEntry("stage", "content").containsEntry("possibly_delivered", true)
                .containsKey("message");
    }

    @Test
    void connectionRefusedIsAFailureAtConnect() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Cli.Run run = Cli.run("send", "--json", "--server", "127.0.0.1", "--port", Integer.toString(closedPort),
                "--from", "a@example.org", "--to", "b@example.org", "--timeout", "5");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        Map<String, Object> r = report(run);
        assertThat(r).containsEntry("outcome", "failed").containsEntry("stage", "connect");
        assertThat(map(r.get("timings_ms"))).containsEntry("connect", null);
    }

    @Test
    void serverTextIsEscapedSoTheOutputStaysOneSafeLine() {
        fake.on(".", FakeSmtpServer.raw("250 2.0.0 queued as X1 \u001b[31mred\u0007 \u00e9\r\n"));
        Cli.Run run = send();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).doesNotContain("\u001b").doesNotContain("\u0007").contains("\\u001b[31mred\\u0007");
        Map<String, Object> fin = map(report(run).get("final_reply"));
        assertThat(fin.get("text")).isEqualTo("2.0.0 queued as X1 \u001b[31mred\u0007 \ufffd");
        assertThat(fin).containsEntry("queue_id", "X1");
    }

    @Test
    void theTranscriptGoesToStandardErrorOnlyWhenAskedFor() {
        Cli.Run run = send("--show", "all");
        assertThat(run.exitCode()).isZero();
        report(run);
        assertThat(run.err()).contains(" -> MAIL FROM:<ann@example.org>");
    }
}
