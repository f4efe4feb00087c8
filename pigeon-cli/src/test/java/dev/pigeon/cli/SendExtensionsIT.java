package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.testing.Script;
import dev.pigeon.testing.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code pigeon send} with ESMTP extensions against scripted servers: the flags, the wire, the exit codes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SendExtensionsIT {

    private static Script.Builder ehlo(String... keywords) {
        List<String> lines = new ArrayList<>();
        lines.add((keywords.length == 0 ? "250 " : "250-") + "mx.test");
        for (int i = 0; i < keywords.length; i++) {
            lines.add((i == keywords.length - 1 ? "250 " : "250-") + keywords[i]);
        }
        return Script.builder().send("220 mx.test ESMTP").expect("EHLO ").send(lines.toArray(String[]::new));
    }

    private static Cli.Run send(ScriptedServer server, String... extra) {
        List<String> args = new ArrayList<>(List.of("send", "--server", server.host(), "--port",
                Integer.toString(server.port()), "--helo", "client.test", "--from", "a@x.test", "--to", "b@y.test",
                "--timeout", "5"));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void dsnOptionsGoOnTheWireExactly() {
        try (ScriptedServer server = ScriptedServer.start(ehlo("DSN", "PIPELINING")
                .expect("MAIL FROM:<a@x.test> RET=HDRS ENVID=run+2B1")
                .expect("RCPT TO:<b@y.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b@y.test")
                .expect("DATA").send("250 ok", "250 ok", "354 go").expectData().send("250 queued")
                .expect("QUIT").send("221 bye").build())) {
            Cli.Run run = send(server, "--body", "hi", "--dsn-notify", "failure,success", "--dsn-ret", "hdrs",
                    "--dsn-envid", "run+1");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            server.awaitEnd();
        }
    }

    @Test
    void dsnNotOfferedIsANoticeNotAFailure() {
        try (ScriptedServer server = ScriptedServer.start(ehlo("8BITMIME").expect("MAIL FROM:<a@x.test>").send("250 ok")
                .expect("RCPT TO:<b@y.test>").send("250 ok").expect("DATA").send("354 go").expectData()
                .send("250 queued").expect("QUIT").send("221 bye").build())) {
            Cli.Run run = send(server, "--body", "hi", "--dsn-notify", "NEVER");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.err()).isEqualTo("pigeon: notice: the server does not offer DSN: the delivery status"
                    + " notification request was not sent\n");
        }
    }

    @Test
    void badDsnValuesAreUsageErrors() {
        assertThat(Cli.run("send", "--server", "127.0.0.1", "--from", "a@x.test", "--to", "b@y.test",
                "--dsn-notify", "NEVER,SUCCESS").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run("send", "--server", "127.0.0.1", "--from", "a@x.test", "--to", "b@y.test",
                "--dsn-ret", "ALL").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run("send", "--server", "127.0.0.1", "--from", "a@x.test", "--to", "b@y.test",
                "--dsn-envid", "x".repeat(101)).exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run("send", "--server", "127.0.0.1", "--from", "a@x.test", "--to", "b@y.test",
                "--pipelining", "maybe").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run("send", "--server", "127.0.0.1", "--from", "a@x.test", "--to", "b@y.test",
                "--binarymime", "--chunking", "off").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void oversizeIsRefusedBeforeMailWith69() {
        try (ScriptedServer server = ScriptedServer.start(ehlo("SIZE 100").expect("QUIT").send("221 bye").build())) {
            Cli.Run run = send(server, "--body", "x".repeat(200));

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(run.err()).startsWith("pigeon: the message (").contains("larger than the 100 bytes");
            assertThat(server.receivedText()).isEqualTo("EHLO client.test\r\nQUIT\r\n");
        }
    }

    @Test
    void eightBitDataWithout8bitmimeIsRefusedWith69(@TempDir Path dir) throws Exception {
        Path eml = Files.write(dir.resolve("m.eml"), "Subject: x\r\n\r\nGr\u00fc\u00dfe\r\n".getBytes(StandardCharsets.UTF_8));
        try (ScriptedServer server = ScriptedServer.start(ehlo("SIZE").expect("QUIT").send("221 bye").build())) {
            Cli.Run run = send(server, "--data", eml.toString());

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(run.err()).contains("8-bit", "8BITMIME", "nothing was sent");
            assertThat(server.receivedText()).isEqualTo("EHLO client.test\r\nQUIT\r\n");
        }
    }

    @Test
    void eightBitStdinWithout8bitmimeIsCutOffWith69() {
        byte[] stdin = "Subject: x\r\n\r\nGr\u00fc\u00dfe\r\n".getBytes(StandardCharsets.UTF_8);
        try (ScriptedServer server = ScriptedServer.start(ehlo("SIZE").expect("MAIL").send("250 ok")
                .expect("RCPT").send("250 ok").expect("DATA").send("354 go").build())) {
            List<String> args = List.of("send", "--server", server.host(), "--port", Integer.toString(server.port()),
                    "--helo", "client.test", "--from", "a@x.test", "--to", "b@y.test", "--data", "-");
            Cli.Run run = Cli.runWithInput(stdin, args.toArray(String[]::new));

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(run.err()).contains("cut off");
            assertThat(server.receivedText()).doesNotContain("Gr").doesNotContain("\r\n.\r\n");
        }
    }

    @Test
    void utf8LocalPartWithoutSmtputf8IsRefusedWith69(@TempDir Path dir) throws Exception {
        // --data: the composer does not write UTF-8 addresses into headers (yet)
        Path eml = Files.writeString(dir.resolve("m.eml"), "Subject: x\r\n\r\nhi\r\n");
        try (ScriptedServer server = ScriptedServer.start(ehlo("8BITMIME").expect("QUIT").send("221 bye").build())) {
            Cli.Run run = Cli.run("send", "--server", server.host(), "--port", Integer.toString(server.port()),
                    "--helo", "client.test", "--from", "a@x.test", "--to", "jöran@y.test", "--data", eml.toString(),
                    "--timeout", "5");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(run.err()).contains("SMTPUTF8");
        }
    }

    @Test
    void chunkingShowsBdatLinesAndOffUsesData() {
        try (ScriptedServer server = ScriptedServer.start(ehlo("CHUNKING").expect("MAIL").send("250 ok")
                .expect("RCPT").send("250 ok").expect("BDAT ").expectAnyLine().expectAnyLine().expectAnyLine()
                .expectAnyLine().expectAnyLine().expectAnyLine().expectAnyLine().expectAnyLine()
                .expectAnyLine().send("250 2.0.0 queued").expect("QUIT").send("221 bye").build())) {
            Cli.Run run = send(server, "--body", "hi");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).containsPattern(" -> BDAT \\d+ LAST\\n");
        }
        try (ScriptedServer server = ScriptedServer.start(ehlo("CHUNKING").expect("MAIL").send("250 ok")
                .expect("RCPT").send("250 ok").expect("DATA").send("354 go").expectData().send("250 queued")
                .expect("QUIT").send("221 bye").build())) {
            Cli.Run run = send(server, "--body", "hi", "--chunking", "off");

            assertThat(run.exitCode()).as(run.toString()).isZero();
        }
    }

    @Test
    void pipeliningOffSendsOneCommandAtATime() {
        try (ScriptedServer server = ScriptedServer.start(ehlo("PIPELINING").expect("MAIL").send("250 ok")
                .expect("RCPT").send("250 ok").expect("DATA").send("354 go").expectData().send("250 queued")
                .expect("QUIT").send("221 bye").build())) {
            Cli.Run run = send(server, "--body", "hi", "--pipelining", "off");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains(" -> MAIL FROM:<a@x.test>\n<-  250 ok\n");
        }
    }

    @Test
    void refusedRecipientShowsTheMeaningOfItsEnhancedCode() {
        try (ScriptedServer server = ScriptedServer.start(ehlo("PIPELINING", "ENHANCEDSTATUSCODES")
                .expect("MAIL").expect("RCPT").expect("RCPT").expect("DATA")
                .send("250 2.1.0 ok", "550 5.1.1 unknown", "250 2.1.5 ok", "354 go").expectData().send("250 queued")
                .expect("QUIT").send("221 bye").build())) {
            Cli.Run run = send(server, "--to", "c@y.test", "--body", "hi");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.err()).isEqualTo(
                    "pigeon: recipient b@y.test refused: 550 5.1.1 (bad destination mailbox address) unknown\n");
        }
    }
}
