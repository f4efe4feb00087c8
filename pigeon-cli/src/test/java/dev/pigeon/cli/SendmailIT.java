package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.protocol.Mailbox;
import dev.pigeon.server.ClientInfo;
import dev.pigeon.server.Decision;
import dev.pigeon.server.MailReceiver;
import dev.pigeon.server.ReceivedMessage;
import dev.pigeon.server.SmtpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pigeon sendmail} as git send-email, cron and mutt call it, against pigeon's own server. */
class SendmailIT {
    private static final String DATE = "Date: [A-Z][a-z]{2}, \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}\r\n";

    @TempDir
    Path maildir;

    @TempDir
    Path configDir;

    private SmtpServer server;

    @BeforeEach
    void start() throws Exception {
        MailReceiver refuseNobody = new MailReceiver() {
            @Override
            public Decision onRecipient(ClientInfo client, Mailbox from, Mailbox to) {
                return to.localPart().equals("nobody") ? Decision.reject(550, "5.1.1 no such user") : Decision.accept();
            }
        };
        server = SmtpServer.builder().maildir(maildir).receiver(refuseNobody).build().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Cli.Run sendmail(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("sendmail", "--server", "127.0.0.1",
                "--port", Integer.toString(server.port()), "--timeout", "10"));
        all.addAll(List.of(args));
        return Cli.runWithInput(stdin.getBytes(StandardCharsets.UTF_8), all.toArray(String[]::new));
    }

    private ReceivedMessage received() throws Exception {
        return server.inbox().awaitMessage(Duration.ofSeconds(5));
    }

    private static String content(ReceivedMessage m) throws Exception {
        return new String(m.content(), StandardCharsets.UTF_8);
    }

    private static List<String> recipients(ReceivedMessage m) {
        return m.envelope().recipients().stream().map(Mailbox::address).toList();
    }

    @Test
    void dashTReadsToCcAndBccAndNeverSendsBcc() throws Exception {
        Cli.Run run = sendmail("From: Ann <ann@example.org>\nTo: bob@example.org, \"Doe, Carl\" <carl@example.org>\n"
                + "Cc: dora@example.net (Dora)\nBcc: eve@example.net,\n frank@example.net\nSubject: t\n\nhi\n", "-t");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEmpty();
        ReceivedMessage m = received();
        assertThat(m.envelope().from()).isEqualTo(Mailbox.parse("ann@example.org"));
        assertThat(recipients(m)).containsExactly("bob@example.org", "carl@example.org", "dora@example.net",
                "eve@example.net", "frank@example.net");
        assertThat(content(m)).matches(DATE + "From: Ann <ann@example.org>\r\n"
                + "To: bob@example.org, \"Doe, Carl\" <carl@example.org>\r\n"
                + "Cc: dora@example.net \\(Dora\\)\r\nSubject: t\r\n\r\nhi\r\n");
        assertThat(content(m)).doesNotContainIgnoringCase("bcc").doesNotContain("eve@").doesNotContain("frank@");
    }

    @Test
    void theIssueExampleAddsFromAndDate() throws Exception {
        Cli.Run run = sendmail("Subject: t\n\nhi\n", "-t", "-f", "ann@example.org", "bob@example.org");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out() + run.err()).isEmpty();
        ReceivedMessage m = received();
        assertThat(recipients(m)).containsExactly("bob@example.org");
        assertThat(content(m)).matches("From: ann@example.org\r\n" + DATE + "Subject: t\r\n\r\nhi\r\n");
    }

    @Test
    void dashFSetsTheEnvelopeSenderOnly() throws Exception {
        Cli.Run run = sendmail("From: ann@example.org\nDate: Mon, 1 Jan 2024 00:00:00 +0000\nSubject: s\n\nbody\n",
                "-f", "bounces@example.org", "bob@example.org");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        ReceivedMessage m = received();
        assertThat(m.envelope().from()).isEqualTo(Mailbox.parse("bounces@example.org"));
        assertThat(content(m)).isEqualTo("From: ann@example.org\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\n"
                + "Subject: s\r\n\r\nbody\r\n");
    }

    @Test
    void recipientsAfterDoubleDashMayStartWithADash() throws Exception {
        Cli.Run run = sendmail("Subject: s\n\nx\n", "-f", "ann@example.org", "--", "-bob@example.org", "carl@example.org");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(recipients(received())).containsExactly("-bob@example.org", "carl@example.org");
    }

    @Test
    void anAddressStartingWithADashBeforeDoubleDashIsRefusedAndNothingIsSent() {
        for (String bad : List.of("-bob@example.org", "-oops@example.org", "-X/tmp/log")) {
            Cli.Run run = sendmail("Subject: s\n\nx\n", "-f", "ann@example.org", bad, "carl@example.org");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err().lines()).as(bad).hasSize(1);
            assertThat(run.out()).isEmpty();
        }
        assertThat(run("-bob@example.org").err()).contains("after '--'");
        assertThat(server.inbox().size()).isZero();
    }

    private Cli.Run run(String arg) {
        return sendmail("Subject: s\n\nx\n", "-f", "ann@example.org", arg);
    }

    @Test
    void gitSendEmailArguments() throws Exception {
        String patch = "From: Ann <ann@example.org>\nTo: bob@example.org\nSubject: [PATCH] x\n"
                + "Date: Mon, 1 Jan 2024 00:00:00 +0000\nMessage-ID: <1@example.org>\n\n---\n.\n..\n";
        Cli.Run run = sendmail(patch, "-i", "-f", "ann@example.org", "bob@example.org", "carl@example.org");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        ReceivedMessage m = received();
        assertThat(recipients(m)).containsExactly("bob@example.org", "carl@example.org");
        // a lone "." line is content, not the end of input; dot-stuffing is undone by the server
        assertThat(content(m)).endsWith("\r\n\r\n---\r\n.\r\n..\r\n");
    }

    @Test
    void cronArgumentsWithALocalRecipientAndFullName() throws Exception {
        Cli.Run run = sendmail("Subject: Cron <root@host> job\n\noutput\n",
                "-FCronDaemon", "-i", "-B8BITMIME", "-oem", "-f", "root@example.org", "root");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        ReceivedMessage m = received();
        assertThat(recipients(m)).containsExactly("root@example.org");
        assertThat(content(m)).startsWith("From: \"CronDaemon\" <root@example.org>\r\n");
    }

    @Test
    void vixieCronArgumentsReadToFromTheMessage() throws Exception {
        Cli.Run run = sendmail("From: root@example.org (Cron Daemon)\nTo: ann\nSubject: job\n\nout\n",
                "-FCronDaemon", "-odi", "-oem", "-oi", "-t");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        ReceivedMessage m = received();
        assertThat(m.envelope().from()).isEqualTo(Mailbox.parse("root@example.org"));
        assertThat(recipients(m)).containsExactly("ann@example.org");
    }

    @Test
    void muttArguments() throws Exception {
        Cli.Run run = sendmail("From: ann@example.org\nTo: bob@example.org\nSubject: s\n\nx\n",
                "-oem", "-oi", "-B8BITMIME", "-f", "ann@example.org", "-N", "failure,delay", "-R", "hdrs",
                "--", "bob@example.org");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(recipients(received())).containsExactly("bob@example.org");
    }

    @Test
    void verboseShowsTheDialogueOnStandardErrorOnly() throws Exception {
        Cli.Run run = sendmail("Subject: s\n\nx\n", "-v", "-f", "ann@example.org", "bob@example.org");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains(" -> RCPT TO:<bob@example.org>\n").contains("<-  250");
        received();
    }

    @Test
    void refusedRecipientsAreOneLineEachWithSysexits() throws Exception {
        Cli.Run partial = sendmail("Subject: s\n\nx\n", "-f", "ann@example.org", "bob@example.org", "nobody@example.org");
        assertThat(partial.exitCode()).isZero();
        assertThat(partial.err()).isEqualTo("pigeon: recipient nobody@example.org refused: 550 5.1.1 (bad destination mailbox address) no such user\n");
        received();
        Cli.Run all = sendmail("Subject: s\n\nx\n", "-f", "ann@example.org", "nobody@example.org");
        assertThat(all.exitCode()).isEqualTo(ExitCodes.NOUSER);
        assertThat(all.err().lines()).hasSize(2);
    }

    @Test
    void noRecipientsIsAUsageError() {
        Cli.Run run = sendmail("Subject: s\n\nx\n", "-f", "ann@example.org");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("pigeon: no recipients");
        Cli.Run t = sendmail("Subject: s\n\nx\n", "-t", "-f", "ann@example.org");
        assertThat(t.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void theServerComesFromTheConfiguredAccount() throws Exception {
        Path config = configDir.resolve("config.toml");
        Files.writeString(config, "default_account = \"lab\"\n\n[account.lab]\nserver = \"127.0.0.1\"\nport = "
                + server.port() + "\ntls = \"none\"\nfrom = \"ann@example.org\"\nhelo = \"client.example.org\"\n");
        Cli.Run run = Cli.runWithInput("Subject: s\n\nx\n".getBytes(StandardCharsets.UTF_8),
                "sendmail", "--config", config.toString(), "bob@example.org");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        ReceivedMessage m = received();
        assertThat(m.envelope().from()).isEqualTo(Mailbox.parse("ann@example.org"));
        assertThat(content(m)).startsWith("From: ann@example.org\r\n");
    }

    @Test
    void noServerIsAUsageError() {
        Cli.Run run = Cli.runWithInput(new byte[0], "sendmail", "--config", configDir.resolve("none.toml").toString(),
                "bob@example.org");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.DATAERR); // a named config file that does not exist
        Cli.Run bare = Cli.runWithInput(new byte[0], "sendmail", "--msmtprc", configDir.resolve("nope").toString());
        assertThat(bare.exitCode()).isEqualTo(ExitCodes.DATAERR);
    }

    @Test
    void controlCharactersInArgumentsAreRefused() {
        Cli.Run run = sendmail("Subject: s\n\nx\n", "-f", "ann@example.org\r\nRCPT TO:<x@evil.test>", "bob@example.org");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(server.inbox().size()).isZero();
    }
}
