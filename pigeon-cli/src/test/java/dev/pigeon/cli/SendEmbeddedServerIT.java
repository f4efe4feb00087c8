package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.protocol.Mailbox;
import dev.pigeon.server.ClientInfo;
import dev.pigeon.server.Decision;
import dev.pigeon.server.MailReceiver;
import dev.pigeon.server.ReceivedMessage;
import dev.pigeon.server.SmtpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pigeon send} against pigeon's own server, with a receiver that refuses one address. */
class SendEmbeddedServerIT {
    @TempDir
    Path maildir;

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

    private Cli.Run send(String... recipients) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("send", "--server", "127.0.0.1",
                "--port", Integer.toString(server.port()), "--timeout", "10", "--from", "ann@example.org",
                "--subject", "to many", "--body", "hello all"));
        for (String r : recipients) {
            args.add("--to");
            args.add(r);
        }
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void severalRecipientsOneMessage() throws Exception {
        Cli.Run run = send("bob@example.org", "carl@example.org", "dora@example.net");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        ReceivedMessage m = server.inbox().awaitMessage(Duration.ofSeconds(5));
        assertThat(m.envelope().from()).isEqualTo(Mailbox.parse("ann@example.org"));
        assertThat(m.envelope().recipients()).extracting(Mailbox::address)
                .containsExactly("bob@example.org", "carl@example.org", "dora@example.net");
        assertThat(new String(m.content(), StandardCharsets.US_ASCII))
                .contains("To: bob@example.org, carl@example.org, dora@example.net\r\n")
                .endsWith("\r\n\r\nhello all\r\n");
        assertThat(server.inbox().size()).isEqualTo(1);
    }

    @Test
    void partialRefusalDeliversToTheRestAndNamesTheRefused() throws Exception {
        Cli.Run run = send("bob@example.org", "nobody@example.org");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEqualTo("pigeon: recipient nobody@example.org refused: 550 5.1.1 (bad destination mailbox address) no such user\n");
        // pipelined (the server offers PIPELINING): the RCPTs go in one batch, the replies follow in order
        assertThat(run.out()).contains(" -> RCPT TO:<bob@example.org>\n -> RCPT TO:<nobody@example.org>\n",
                "<-  250 2.1.5 Recipient OK\n<-  550 5.1.1 no such user\n");
        ReceivedMessage m = server.inbox().awaitMessage(Duration.ofSeconds(5));
        assertThat(m.envelope().recipients()).extracting(Mailbox::address).containsExactly("bob@example.org");
    }

    @Test
    void partialRefusalIsAFailureWithStrictRecipients() {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("send", "--server", "127.0.0.1",
                "--port", Integer.toString(server.port()), "--from", "ann@example.org",
                "--to", "bob@example.org", "--to", "nobody@example.org", "--strict-recipients", "--show", "none"));
        Cli.Run run = Cli.run(args.toArray(String[]::new));
        assertThat(run.exitCode()).isEqualTo(ExitCodes.NOUSER);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void allRefusedExits67AndNothingIsStored() {
        Cli.Run run = send("nobody@example.org");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.NOUSER);
        // DATA went in the pipelined batch and was refused; no content followed (RFC 2920)
        assertThat(run.out()).contains("<-  554 5.5.1 No valid recipients\n").doesNotContain("bytes of message content");
        assertThat(server.inbox().size()).isZero();
    }
}
