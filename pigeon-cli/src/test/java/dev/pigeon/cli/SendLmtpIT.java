package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.testing.Script;
import dev.pigeon.testing.ScriptedServer;
import dev.pigeon.testing.UnixSocketFake;
import dev.pigeon.testing.UnixSocketFake.ReadData;
import dev.pigeon.testing.UnixSocketFake.ReadLine;
import dev.pigeon.testing.UnixSocketFake.Send;
import dev.pigeon.testing.UnixSocketFake.Silence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pigeon send --protocol lmtp} against scripted LMTP servers, over TCP and a unix-domain socket. */
class SendLmtpIT {
    @TempDir
    Path dir;

    private static Script threeRecipients(String... afterData) {
        return Script.builder().send("220 lmtp.test LMTP")
                .expect("LHLO ").send("250-lmtp.test", "250-PIPELINING", "250 ENHANCEDSTATUSCODES")
                .expect("MAIL FROM:").send("250 2.1.0 ok")
                .expect("RCPT TO:").send("250 2.1.5 ok").expect("RCPT TO:").send("250 2.1.5 ok")
                .expect("RCPT TO:").send("250 2.1.5 ok")
                .expect("DATA").send("354 go").expectData().send(afterData)
                .expect("QUIT").send("221 bye").build();
    }

    private static Cli.Run send(ScriptedServer server, String... more) {
        List<String> args = new ArrayList<>(List.of("send", "--protocol", "lmtp", "--server", server.host(),
                "--port", String.valueOf(server.port()), "--helo", "client.test", "--timeout", "5",
                "--from", "a@x.test", "--to", "ok@y.test", "--to", "gone@y.test", "--to", "full@y.test",
                "--data", "-"));
        args.addAll(Arrays.asList(more));
        return Cli.runWithInput("Subject: t\n\nhi\n".getBytes(), args.toArray(String[]::new));
    }

    @Test
    void mixedRepliesAfterTheDataExitZeroAndNameEachRefusal() {
        try (ScriptedServer server = ScriptedServer.start(threeRecipients("250 2.0.0 ok saved",
                "550 5.1.1 no such user", "452 4.2.2 mailbox full"))) {
            Cli.Run run = send(server);

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.err().lines()).containsExactly(
                    "pigeon: recipient gone@y.test refused after the data: 550 5.1.1 (bad destination mailbox address) no such user",
                    "pigeon: recipient full@y.test refused after the data: 452 4.2.2 (mailbox full) mailbox full");
            assertThat(run.out()).contains(" -> LHLO client.test", "<-  250 2.0.0 ok saved",
                    "<-  550 5.1.1 no such user", "<-  452 4.2.2 mailbox full");
            assertThat(server.receivedLines()).startsWith("LHLO client.test", "MAIL FROM:<a@x.test>",
                    "RCPT TO:<ok@y.test>", "RCPT TO:<gone@y.test>", "RCPT TO:<full@y.test>", "DATA")
                    .endsWith("hi", ".", "QUIT");
        }
    }

    @Test
    void strictRecipientsMakesAPartialLmtpDelivery67() {
        try (ScriptedServer server = ScriptedServer.start(threeRecipients("250 ok", "550 5.1.1 no", "250 ok"))) {
            Cli.Run run = send(server, "--strict-recipients");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.NOUSER);
            assertThat(run.err()).contains("delivered to 2 of 3 recipients");
        }
    }

    @Test
    void everyRecipientRefusedPermanentlyAfterTheDataIs67() {
        try (ScriptedServer server = ScriptedServer.start(threeRecipients("550 5.1.1 a", "552 5.2.2 b", "554 5.0.0 c"))) {
            Cli.Run run = send(server);

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.NOUSER);
            assertThat(run.err().lines()).last().isEqualTo(
                    "pigeon: every recipient was refused; the message was delivered to none");
        }
    }

    @Test
    void anyTemporaryRefusalAmongAllRefusedIs75() {
        try (ScriptedServer server = ScriptedServer.start(threeRecipients("550 5.1.1 a", "452 4.2.2 b", "554 5.0.0 c"))) {
            Cli.Run run = send(server);

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.TEMPFAIL);
            assertThat(run.err()).contains("some only for now; the message was delivered to none, try again later");
        }
    }

    @Test
    void aMissingReplyIs75AndSaysTheRestMayHaveBeenDelivered() {
        Script script = Script.builder().send("220 lmtp.test").expect("LHLO ").send("250 lmtp.test")
                .expect("MAIL FROM:").send("250 ok")
                .expect("RCPT TO:").send("250 ok").expect("RCPT TO:").send("250 ok").expect("RCPT TO:").send("250 ok")
                .expect("DATA").send("354 go").expectData().send("250 2.0.0 saved").close().build();
        try (ScriptedServer server = ScriptedServer.start(script)) {
            Cli.Run run = send(server);

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.TEMPFAIL);
            assertThat(run.err().lines()).singleElement().asString()
                    .contains("the delivery reply for gone@y.test", "may or may not have been delivered",
                            "no LMTP reply for <gone@y.test> <full@y.test>; replies received: <ok@y.test> 250",
                            "check before sending again");
        }
    }

    @Test
    void lmtpOverAUnixSocket() throws Exception {
        try (UnixSocketFake fake = UnixSocketFake.start(dir.resolve("lmtp"),
                new Send("220 dovecot ready"), new ReadLine(), new Send("250-dovecot", "250 PIPELINING"),
                new ReadLine(), new Send("250 2.1.0 ok"), new ReadLine(), new Send("250 2.1.5 ok"),
                new ReadLine(), new Send("354 go"), new ReadData(), new Send("250 2.0.0 <b@y.test> saved"),
                new ReadLine(), new Send("221 bye"))) {
            Cli.Run run = Cli.run("send", "--protocol", "lmtp", "--socket", fake.path().toString(),
                    "--helo", "client.test", "--timeout", "5", "--from", "a@x.test", "--to", "b@y.test",
                    "--subject", "t", "--body", "hi");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.err()).isEmpty();
            assertThat(run.out()).contains("=== Connected to unix socket " + fake.path(), " -> LHLO client.test",
                    "<-  250 2.0.0 <b@y.test> saved");
            assertThat(fake.receivedText()).startsWith("LHLO client.test\r\nMAIL FROM:<a@x.test>\r\n"
                    + "RCPT TO:<b@y.test>\r\nDATA\r\n").endsWith("\r\nhi\r\n.\r\nQUIT\r\n");
        }
    }

    @Test
    void aSilentUnixSocketTimesOut75() throws Exception {
        try (UnixSocketFake fake = UnixSocketFake.start(dir.resolve("silent"), new Silence())) {
            Cli.Run run = Cli.run("send", "--protocol", "lmtp", "--socket", fake.path().toString(),
                    "--timeout", "0.3", "--from", "a@x.test", "--to", "b@y.test", "--body", "hi");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.TEMPFAIL);
            assertThat(run.err()).contains("timed out waiting for the greeting");
        }
    }

    @Test
    void aMissingUnixSocketIs69() {
        Path missing = dir.resolve("nobody");
        Cli.Run run = Cli.run("send", "--protocol", "lmtp", "--socket", missing.toString(),
                "--from", "a@x.test", "--to", "b@y.test", "--body", "hi");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run.err()).contains("cannot connect to unix socket " + missing);
    }
}
