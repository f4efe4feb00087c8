package dev.pigeon.delivery;

import dev.pigeon.testing.LoopbackDnsServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pigeon.client.Envelope;
import dev.pigeon.client.SendResult;
import dev.pigeon.client.SmtpClient;
import dev.pigeon.client.Stage;
import dev.pigeon.testing.LoopbackDnsServer.Fault;
import dev.pigeon.message.MessageSource;
import dev.pigeon.protocol.Mailbox;
import dev.pigeon.server.ClientInfo;
import dev.pigeon.server.Decision;
import dev.pigeon.server.MailReceiver;
import dev.pigeon.server.ReceivedMessage;
import dev.pigeon.server.SmtpServer;
import dev.pigeon.testing.Script;
import dev.pigeon.testing.ScriptedServer;
import dev.pigeon.transport.Timeouts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Direct delivery end to end on loopback: the loopback DNS server routes, the embedded server
 * (bound to 127.0.0.1 only, so 127.0.0.2 refuses connections) receives.
 */
class DirectDeliveryIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TEXT = "Subject: direct\r\n\r\nHello by MX.\r\n";

    @TempDir
    Path maildir;

    private final LoopbackDnsServer dns = LoopbackDnsServer.start();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        dns.close();
    }

    private SmtpServer server(MailReceiver receiver) throws IOException {
        SmtpServer server = SmtpServer.builder().hostname("mx1.example.test").maildir(maildir)
                .bindAddress(InetAddress.getByName("127.0.0.1")).receiver(receiver).build().start();
        toClose.add(server);
        return server;
    }

    private DirectDelivery direct(int port) {
        SmtpClient client = SmtpClient.builder().helo("client.test").timeouts(Timeouts.uniform(Duration.ofSeconds(5))).build();
        MxResolver resolver = MxResolver.builder().server(dns.address()).timeout(Duration.ofSeconds(5)).build();
        return DirectDelivery.builder(client, resolver).port(port).build();
    }

    private static List<String> recipients(ReceivedMessage m) {
        return m.envelope().recipients().stream().map(Mailbox::address).toList();
    }

    private static SendResult completed(DomainDelivery d) {
        assertThat(d.outcome()).isInstanceOf(DeliveryOutcome.Completed.class);
        return ((DeliveryOutcome.Completed) d.outcome()).result();
    }

    private static List<String> triedAddresses(DomainDelivery d) {
        return d.attempts().stream().map(a -> a.exchanger().host() + "/" + a.address().getHostAddress()).toList();
    }

    @Test
    void deliversToTheDomainsMailExchanger() throws Exception {
        SmtpServer server = server(MailReceiver.ACCEPT_ALL);
        dns.add("example.test", "MX", "10 mx1.example.test.").add("mx1.example.test", "A", "127.0.0.1");

        List<DomainDelivery> deliveries = direct(server.port()).deliver(
                Envelope.of("sender@origin.test", "bob@example.test", "carol@EXAMPLE.test"), MessageSource.ofString(TEXT));

        assertThat(deliveries).singleElement().satisfies(d -> {
            assertThat(d.domain()).isEqualTo("example.test");
            assertThat(completed(d).outcome()).isEqualTo(SendResult.Outcome.DELIVERED);
            assertThat(triedAddresses(d)).containsExactly("mx1.example.test/127.0.0.1");
        });
        ReceivedMessage received = server.inbox().awaitMessage(WAIT);
        assertThat(received.envelope().from().address()).isEqualTo("sender@origin.test");
        assertThat(recipients(received)).containsExactly("bob@example.test", "carol@EXAMPLE.test");
        assertThat(new String(received.content(), StandardCharsets.US_ASCII)).isEqualTo(TEXT);
    }

    @Test
    void aRefusedConnectionFallsThroughToTheHostsNextAddress() throws Exception {
        SmtpServer server = server(MailReceiver.ACCEPT_ALL);
        dns.add("example.test", "MX", "10 mx1.example.test.")
                .add("mx1.example.test", "A", "127.0.0.2").add("mx1.example.test", "A", "127.0.0.1");

        DomainDelivery d = direct(server.port()).deliver(Envelope.of("s@origin.test", "bob@example.test"),
                MessageSource.ofString(TEXT)).getFirst();

        assertThat(triedAddresses(d)).containsExactly("mx1.example.test/127.0.0.2", "mx1.example.test/127.0.0.1");
        assertThat(d.attempts().getFirst()).isInstanceOfSatisfying(Attempt.Failed.class,
                f -> assertThat(f.failure().stage()).isEqualTo(Stage.CONNECT));
        assertThat(completed(d).outcome()).isEqualTo(SendResult.Outcome.DELIVERED);
        assertThat(recipients(server.inbox().awaitMessage(WAIT))).containsExactly("bob@example.test");
    }

    @Test
    void ipv6IsTriedFirstThenIpv4() throws Exception {
        SmtpServer server = server(MailReceiver.ACCEPT_ALL); // 127.0.0.1 only: [::1] refuses
        dns.add("example.test", "MX", "10 mx1.example.test.")
                .add("mx1.example.test", "A", "127.0.0.1").add("mx1.example.test", "AAAA", "::1");

        DomainDelivery d = direct(server.port()).deliver(Envelope.of("s@origin.test", "bob@example.test"),
                MessageSource.ofString(TEXT)).getFirst();

        assertThat(triedAddresses(d)).containsExactly("mx1.example.test/0:0:0:0:0:0:0:1", "mx1.example.test/127.0.0.1");
        assertThat(completed(d).outcome()).isEqualTo(SendResult.Outcome.DELIVERED);
    }

    @Test
    void aConnectionLostAfterTheFinalDotStopsDeliveryToThatDomain() {
        try (ScriptedServer scripted = ScriptedServer.start(Script.builder().send("220 mx1 ESMTP")
                .expect("EHLO ").send("250 mx1").expect("MAIL FROM:").send("250 ok").expect("RCPT TO:").send("250 ok")
                .expect("DATA").send("354 go ahead").expectData().close().build())) {
            dns.add("example.test", "MX", "10 mx1.example.test.").add("example.test", "MX", "20 mx2.example.test.")
                    .add("mx1.example.test", "A", "127.0.0.1").add("mx2.example.test", "A", "127.0.0.1");

            DomainDelivery d = direct(scripted.port()).deliver(Envelope.of("s@origin.test", "bob@example.test"),
                    MessageSource.ofString(TEXT)).getFirst();

            assertThat(d.attempts()).hasSize(1);
            assertThat(d.outcome()).isInstanceOfSatisfying(DeliveryOutcome.Failed.class,
                    f -> assertThat(f.failure().possiblyDelivered()).isTrue());
        }
    }

    @Test
    void anUnreachableHostFallsThroughToTheNextMx() throws Exception {
        SmtpServer server = server(MailReceiver.ACCEPT_ALL);
        dns.add("example.test", "MX", "20 mx2.example.test.").add("example.test", "MX", "10 mx1.example.test.")
                .add("mx1.example.test", "A", "127.0.0.2").add("mx2.example.test", "A", "127.0.0.1");

        DomainDelivery d = direct(server.port()).deliver(Envelope.of("s@origin.test", "bob@example.test"),
                MessageSource.ofString(TEXT)).getFirst();

        assertThat(triedAddresses(d)).containsExactly("mx1.example.test/127.0.0.2", "mx2.example.test/127.0.0.1");
        assertThat(completed(d).outcome()).isEqualTo(SendResult.Outcome.DELIVERED);
        assertThat(server.inbox().awaitMessage(WAIT)).isNotNull();
    }

    @Test
    void whenEveryAddressFailsTheLastFailureIsReported() throws Exception {
        SmtpServer server = server(MailReceiver.ACCEPT_ALL); // holds the port on 127.0.0.1 only
        dns.add("example.test", "MX", "10 mx1.example.test.").add("mx1.example.test", "A", "127.0.0.2")
                .add("mx1.example.test", "A", "127.0.0.3");

        DomainDelivery d = direct(server.port()).deliver(Envelope.of("s@origin.test", "bob@example.test"),
                MessageSource.ofString(TEXT)).getFirst();

        assertThat(triedAddresses(d)).containsExactly("mx1.example.test/127.0.0.2", "mx1.example.test/127.0.0.3");
        assertThat(d.outcome()).isInstanceOfSatisfying(DeliveryOutcome.Failed.class, f -> {
            assertThat(f.last().address().getHostAddress()).isEqualTo("127.0.0.3");
            assertThat(f.failure().stage()).isEqualTo(Stage.CONNECT);
            assertThat(f.failure().possiblyDelivered()).isFalse();
        });
    }

    @Test
    void eachDomainGetsItsOwnTransactionAndUnroutableDomainsAreReported() throws Exception {
        SmtpServer server = server(MailReceiver.ACCEPT_ALL);
        dns.add("a.test", "MX", "10 mx.a.test.").add("mx.a.test", "A", "127.0.0.1")
                .add("b.test", "A", "127.0.0.1") // no MX: implicit MX
                .add("null.test", "MX", "0 .")
                .add("temp.test", "MX", "10 mx.a.test.").fail("temp.test", "MX", Fault.SERVFAIL);

        List<DomainDelivery> deliveries = direct(server.port()).deliver(Envelope.of("s@origin.test",
                        "1@a.test", "2@b.test", "3@nowhere.test", "4@A.test", "5@null.test", "6@temp.test"),
                MessageSource.ofString(TEXT));

        assertThat(deliveries).extracting(DomainDelivery::domain)
                .containsExactly("a.test", "b.test", "nowhere.test", "null.test", "temp.test");
        assertThat(completed(deliveries.get(0)).acceptedRecipients()).hasSize(2);
        assertThat(completed(deliveries.get(1)).outcome()).isEqualTo(SendResult.Outcome.DELIVERED);
        assertThat(((Route.Resolved) deliveries.get(1).route()).implicit()).isTrue();
        assertThat(deliveries.subList(2, 5)).allSatisfy(d -> {
            assertThat(d.attempts()).isEmpty();
            assertThat(d.outcome()).isInstanceOf(DeliveryOutcome.Unroutable.class);
        });
        assertThat(deliveries.subList(2, 5)).extracting(d -> ((DeliveryOutcome.Unroutable) d.outcome()).failure().permanent())
                .containsExactly(true, true, false);

        List<ReceivedMessage> received = server.inbox().awaitMessages(2, WAIT);
        assertThat(received).extracting(DirectDeliveryIT::recipients)
                .containsExactlyInAnyOrder(List.of("1@a.test", "4@A.test"), List.of("2@b.test"));
    }

    @Test
    void aPermanentRecipientRefusalDecidesWithoutTryingTheNextHost() throws Exception {
        SmtpServer server = server(new MailReceiver() {
            @Override
            public Decision onRecipient(ClientInfo client, Mailbox from, Mailbox to) {
                return Decision.reject(550, "5.1.1 no such user");
            }
        });
        dns.add("example.test", "MX", "10 mx1.example.test.").add("example.test", "MX", "20 mx2.example.test.")
                .add("mx1.example.test", "A", "127.0.0.1").add("mx2.example.test", "A", "127.0.0.1");

        DomainDelivery d = direct(server.port()).deliver(Envelope.of("s@origin.test", "nobody@example.test"),
                MessageSource.ofString(TEXT)).getFirst();

        assertThat(d.attempts()).hasSize(1);
        assertThat(completed(d).outcome()).isEqualTo(SendResult.Outcome.ALL_RECIPIENTS_REFUSED);
        assertThat(completed(d).recipients().getFirst().reply().code()).isEqualTo(550);
    }

    @Test
    void recipientsAllRefusedTemporarilyAreTriedAtTheNextHost() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        SmtpServer server = server(new MailReceiver() {
            @Override
            public Decision onRecipient(ClientInfo client, Mailbox from, Mailbox to) {
                return asked.getAndIncrement() == 0 ? Decision.reject(450, "4.2.0 try later") : Decision.accept();
            }
        });
        dns.add("example.test", "MX", "10 mx1.example.test.").add("example.test", "MX", "20 mx2.example.test.")
                .add("mx1.example.test", "A", "127.0.0.1").add("mx2.example.test", "A", "127.0.0.1");

        DomainDelivery d = direct(server.port()).deliver(Envelope.of("s@origin.test", "bob@example.test"),
                MessageSource.ofString(TEXT)).getFirst();

        assertThat(triedAddresses(d)).containsExactly("mx1.example.test/127.0.0.1", "mx2.example.test/127.0.0.1");
        assertThat(completed(d).outcome()).isEqualTo(SendResult.Outcome.DELIVERED);
        assertThat(server.inbox().awaitMessage(WAIT)).isNotNull();
    }

    @Test
    void a421GreetingMovesOnToTheNextHost() throws Exception {
        try (ScriptedServer scripted = ScriptedServer.start(
                Script.builder().send("421 4.3.2 mx1 busy, try another").expectEof().build(),
                Script.acceptingOneMessage("EHLO ", 1).build())) {
            dns.add("example.test", "MX", "10 mx1.example.test.").add("example.test", "MX", "20 mx2.example.test.")
                    .add("mx1.example.test", "A", "127.0.0.1").add("mx2.example.test", "A", "127.0.0.1");

            DomainDelivery d = direct(scripted.port()).deliver(Envelope.of("s@origin.test", "bob@example.test"),
                    MessageSource.ofString(TEXT)).getFirst();

            assertThat(d.attempts()).hasSize(2);
            assertThat(d.attempts().getFirst()).isInstanceOfSatisfying(Attempt.Completed.class, c -> {
                assertThat(c.result().stage()).isEqualTo(Stage.GREETING);
                assertThat(c.result().refusal().orElseThrow().code()).isEqualTo(421);
            });
            assertThat(completed(d).outcome()).isEqualTo(SendResult.Outcome.DELIVERED);
            assertThat(scripted.connection(0).awaitEnd(WAIT).receivedText()).isEmpty();
            assertThat(scripted.connection(1).awaitEnd(WAIT).receivedText()).contains("RCPT TO:<bob@example.test>\r\n");
        }
    }

    @Test
    void aOneShotSourceCannotServeSeveralDomains() {
        MessageSource once = MessageSource.ofStream(new ByteArrayInputStream(TEXT.getBytes(StandardCharsets.US_ASCII)));

        assertThatThrownBy(() -> direct(2525).deliver(Envelope.of("s@origin.test", "a@a.test", "b@b.test"), once))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 domains");
        assertThat(dns.queries()).isEmpty();
    }

    @Test
    void theListenerHearsRoutesAndAttempts() throws Exception {
        SmtpServer server = server(MailReceiver.ACCEPT_ALL);
        dns.add("example.test", "MX", "10 mx1.example.test.")
                .add("mx1.example.test", "A", "127.0.0.2").add("mx1.example.test", "A", "127.0.0.1");
        List<String> heard = new ArrayList<>();
        DeliveryListener listener = new DeliveryListener() {
            @Override
            public void routed(DomainGroup group, Route route) {
                heard.add("routed " + group.domain() + " " + route.getClass().getSimpleName());
            }

            @Override
            public void trying(DomainGroup group, MailExchanger exchanger, InetAddress address) {
                heard.add("trying " + exchanger.host() + " " + address.getHostAddress());
            }

            @Override
            public void attempted(DomainGroup group, Attempt attempt) {
                heard.add("attempted " + attempt.getClass().getSimpleName());
            }
        };
        SmtpClient client = SmtpClient.builder().helo("client.test").timeouts(Timeouts.uniform(Duration.ofSeconds(5))).build();
        DirectDelivery direct = DirectDelivery.builder(client, MxResolver.builder().server(dns.address()).build())
                .port(server.port()).listener(listener).build();

        direct.deliver(Envelope.of("s@origin.test", "bob@example.test"), MessageSource.ofString(TEXT));

        assertThat(heard).containsExactly("routed example.test Resolved",
                "trying mx1.example.test 127.0.0.2", "attempted Failed",
                "trying mx1.example.test 127.0.0.1", "attempted Completed");
    }
}
