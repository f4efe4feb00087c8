package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.protocol.Mailbox;
import dev.pigeon.server.ReceivedMessage;
import dev.pigeon.server.SmtpServer;
import dev.pigeon.testing.LoopbackDnsServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pigeon send} without {@code --server}: routed by MX through a loopback DNS server to the
 * embedded server. The "port 25" of the MX hosts is the embedded server's ephemeral port, passed
 * with {@code --port}.
 */
class SendDirectMxIT {
    @TempDir
    Path maildir;

    private SmtpServer server;
    private LoopbackDnsServer dns;

    @BeforeEach
    void start() throws Exception {
        server = SmtpServer.builder().maildir(maildir).build().start();
        dns = LoopbackDnsServer.start();
    }

    @AfterEach
    void stop() {
        dns.close();
        server.close();
    }

    private Cli.Run send(String... recipients) {
        InetSocketAddress d = dns.address();
        List<String> args = new ArrayList<>(List.of("send", "--dns-server", "127.0.0.1:" + d.getPort(),
                "--port", Integer.toString(server.port()), "--timeout", "5", "--no-tls",
                "--from", "ann@example.org", "--body", "routed"));
        for (String r : recipients) {
            args.add("--to");
            args.add(r);
        }
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void deliversToTheMxWithTheLowestPreference() throws Exception {
        dns.add("y.test", "MX", "20 backup.y.test.").add("y.test", "MX", "10 mx.y.test.")
                .add("mx.y.test", "A", "127.0.0.1").add("backup.y.test", "A", "127.0.0.2");
        Cli.Run run = send("bob@y.test");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("=== Mail for y.test goes to mx.y.test (preference 10), backup.y.test (preference 20)")
                .contains("=== Delivering to mx.y.test (127.0.0.1)");
        ReceivedMessage m = server.inbox().awaitMessage(Duration.ofSeconds(5));
        assertThat(m.envelope().recipients()).extracting(Mailbox::address).containsExactly("bob@y.test");
    }

    @Test
    void fallsThroughToTheNextMxWhenTheFirstRefusesTheConnection() throws Exception {
        // The embedded server listens on 127.0.0.1 only: 127.0.0.2 at the same port refuses.
        dns.add("y.test", "MX", "10 mx1.y.test.").add("y.test", "MX", "20 mx2.y.test.")
                .add("mx1.y.test", "A", "127.0.0.2").add("mx2.y.test", "A", "127.0.0.1");
        Cli.Run run = send("bob@y.test");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("=== Delivering to mx1.y.test (127.0.0.2)")
                .contains("=== Delivering to mx2.y.test (127.0.0.1)");
        assertThat(server.inbox().awaitMessage(Duration.ofSeconds(5)).envelope().recipients()).hasSize(1);
    }

    @Test
    void nullMxIsAPermanentFailure() {
        dns.add("nomail.test", "MX", "0 .");
        Cli.Run run = send("bob@nomail.test");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run.err()).startsWith("pigeon: nomail.test: ").contains("null MX");
        assertThat(server.inbox().size()).isZero();
    }

    @Test
    void temporaryDnsFailureExits75() {
        dns.fail("broken.test", "MX", LoopbackDnsServer.Fault.SERVFAIL);
        Cli.Run run = send("bob@broken.test");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.TEMPFAIL);
        assertThat(server.inbox().size()).isZero();
    }

    @Test
    void eachDomainGetsItsOwnTransactionAndTheWorstOutcomeDecides() throws Exception {
        dns.add("y.test", "MX", "10 mx.y.test.").add("mx.y.test", "A", "127.0.0.1")
                .add("z.test", "MX", "10 mx.z.test.").add("mx.z.test", "A", "127.0.0.1");
        dns.add("gone.test", "MX", "0 .");
        Cli.Run run = send("bob@y.test", "carl@z.test", "dora@gone.test");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
        List<ReceivedMessage> both = server.inbox().awaitMessages(2, Duration.ofSeconds(5));
        assertThat(both).extracting(m -> m.envelope().recipients().getFirst().address())
                .containsExactlyInAnyOrder("bob@y.test", "carl@z.test");
    }

    @Test
    void dnsServerWithServerIsAUsageError() {
        Cli.Run run = Cli.run("send", "--server", "127.0.0.1", "--dns-server", "127.0.0.1:53",
                "--from", "a@x.test", "--to", "b@y.test");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    }
}
