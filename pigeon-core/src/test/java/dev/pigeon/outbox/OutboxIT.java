package dev.pigeon.outbox;

import static dev.pigeon.outbox.OutboxFixtures.enqueue;
import static dev.pigeon.outbox.OutboxFixtures.messageId;
import static dev.pigeon.outbox.OutboxFixtures.messageIds;
import static dev.pigeon.outbox.OutboxFixtures.outbox;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.client.Envelope;
import dev.pigeon.message.MessageSource;
import dev.pigeon.protocol.Mailbox;
import dev.pigeon.server.ClientInfo;
import dev.pigeon.server.Decision;
import dev.pigeon.server.MailReceiver;
import dev.pigeon.server.ReceivedEnvelope;
import dev.pigeon.server.ReceivedMessage;
import dev.pigeon.server.ServerLimits;
import dev.pigeon.server.SmtpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The outbox end to end on loopback, the embedded server receiving. */
@Timeout(60) // Outbox.run has no deadline of its own: a hang fails the test, not the build
class OutboxIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path spool;

    @TempDir
    Path maildir;

    private SmtpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private SmtpServer start(MailReceiver receiver, ServerLimits limits) throws IOException {
        server = SmtpServer.builder().maildir(maildir).bindAddress(InetAddress.getByName("127.0.0.1"))
                .receiver(receiver).limits(limits).build().start();
        return server;
    }

    @Test
    void deliversEveryMessageOnceOverReusedConnections() throws Exception {
        start(MailReceiver.ACCEPT_ALL, ServerLimits.defaults());
        OutboxFixtures.Recording events = new OutboxFixtures.Recording();
        try (Outbox outbox = outbox(spool, server.port()).connections(4).maxPerConnection(10).build()) {
            enqueue(outbox, 60, "b@outbox.test");
            outbox.run(events);
            assertThat(outbox.counts()).containsEntry(SpoolState.SENT, 60).containsEntry(SpoolState.QUEUE, 0)
                    .containsEntry(SpoolState.ACTIVE, 0);
        }
        List<ReceivedMessage> received = server.inbox().awaitMessages(60, WAIT);
        assertThat(messageIds(received)).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 60).mapToObj(OutboxFixtures::messageId).toList());
        assertThat(events.attempts).hasSize(60).allSatisfy(a -> {
            assertThat(a.state()).isEqualTo(DeliveryState.DELIVERED);
            assertThat(a.queueId()).isPresent();
            assertThat(a.attempt()).isEqualTo(1);
        });
        assertSpoolClean();
    }

    @Test
    void retriesAfterA4xxWithBackoffThenDelivers() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        start(new MailReceiver() {
            @Override
            public Decision onMessage(ReceivedEnvelope envelope, InputStream content) {
                return tries.incrementAndGet() <= 2 ? Decision.reject(451, "4.3.0 try again later") : Decision.accept();
            }
        }, ServerLimits.defaults());
        OutboxFixtures.Recording events = new OutboxFixtures.Recording();
        try (Outbox outbox = outbox(spool, server.port()).build()) {
            enqueue(outbox, 1, "b@outbox.test");
            outbox.run(events);
            assertThat(outbox.counts()).containsEntry(SpoolState.SENT, 1).containsEntry(SpoolState.DEFERRED, 0);
        }
        assertThat(events.attempts).extracting(AttemptRecord::state)
                .containsExactly(DeliveryState.DEFERRED, DeliveryState.DEFERRED, DeliveryState.DELIVERED);
        assertThat(events.attempts).extracting(AttemptRecord::attempt).containsExactly(1, 2, 3);
        AttemptRecord first = events.attempts.getFirst();
        assertThat(first.reply().orElseThrow().code()).isEqualTo(451);
        assertThat(first.nextAttempt()).isPresent();
        assertThat(first.nextAttempt().get()).isAfter(first.timestamp());
        assertThat(server.inbox().messages()).hasSize(1);
        assertSpoolClean();
    }

    @Test
    void a5xxIsNeverRetried() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        start(new MailReceiver() {
            @Override
            public Decision onRecipient(ClientInfo client, Mailbox from, Mailbox to) {
                asked.incrementAndGet();
                return to.localPart().equals("nobody") ? Decision.reject(550, "5.1.1 no such user") : Decision.accept();
            }
        }, ServerLimits.defaults());
        OutboxFixtures.Recording events = new OutboxFixtures.Recording();
        try (Outbox outbox = outbox(spool, server.port()).build()) {
            enqueue(outbox, 1, "nobody@outbox.test");
            outbox.run(events);
            assertThat(outbox.counts()).containsEntry(SpoolState.FAILED, 1).containsEntry(SpoolState.SENT, 0)
                    .containsEntry(SpoolState.DEFERRED, 0);
            assertThat(outbox.spool().entries(SpoolState.FAILED)).singleElement().satisfies(m -> {
                assertThat(m.lastReply()).isEqualTo("550 5.1.1 no such user");
                assertThat(m.attempts()).isEqualTo(1);
            });
        }
        assertThat(asked).hasValue(1);
        assertThat(events.attempts).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(DeliveryState.BOUNCED);
            assertThat(a.nextAttempt()).isEmpty();
            assertThat(a.recipients()).singleElement().extracting(RecipientOutcome::reply)
                    .isEqualTo("550 5.1.1 no such user");
        });
        assertThat(server.inbox().messages()).isEmpty();
        assertSpoolClean();
    }

    @Test
    void a452SplitsTheRecipientsIntoFurtherTransactions() throws Exception {
        start(MailReceiver.ACCEPT_ALL, ServerLimits.defaults().withMaxRecipients(2));
        OutboxFixtures.Recording events = new OutboxFixtures.Recording();
        String[] five = {"r1@outbox.test", "r2@outbox.test", "r3@outbox.test", "r4@outbox.test", "r5@outbox.test"};
        try (Outbox outbox = outbox(spool, server.port()).build()) {
            enqueue(outbox, 1, five);
            outbox.run(events);
            assertThat(outbox.counts()).containsEntry(SpoolState.SENT, 3).containsEntry(SpoolState.QUEUE, 0)
                    .containsEntry(SpoolState.DEFERRED, 0).containsEntry(SpoolState.FAILED, 0);
        }
        List<ReceivedMessage> received = server.inbox().awaitMessages(3, WAIT);
        assertThat(received).extracting(m -> m.envelope().recipients().stream().map(Mailbox::address).toList())
                .containsExactly(List.of("r1@outbox.test", "r2@outbox.test"),
                        List.of("r3@outbox.test", "r4@outbox.test"), List.of("r5@outbox.test"));
        assertThat(messageIds(received)).containsOnly(messageId(1));
        AttemptRecord first = events.attempts.getFirst();
        assertThat(first.state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(first.recipients()).extracting(RecipientOutcome::state).containsExactly(DeliveryState.DELIVERED,
                DeliveryState.DELIVERED, DeliveryState.DEFERRED, DeliveryState.DEFERRED, DeliveryState.DEFERRED);
        assertThat(first.recipients().get(2).reply()).startsWith("452 ");
        assertSpoolClean();
    }

    @Test
    void stoppingFinishesInFlightMessagesAndLeavesTheSpoolConsistent() throws Exception {
        start(MailReceiver.ACCEPT_ALL, ServerLimits.defaults());
        Set<String> settled = ConcurrentHashMap.newKeySet();
        try (Outbox outbox = outbox(spool, server.port()).connections(3).build()) {
            enqueue(outbox, 40, "b@outbox.test");
            outbox.run(new OutboxListener() {
                @Override
                public void attempted(AttemptRecord record) {
                    settled.add(record.id());
                    if (settled.size() == 10) {
                        outbox.stop(); // as Ctrl-C does
                    }
                }
            });
            var counts = outbox.counts();
            assertThat(counts.get(SpoolState.ACTIVE)).isZero();
            // Each of the 3 connections may have two transactions going: one awaiting its final
            // reply, the next one's envelope already sent with that dot.
            assertThat(counts.get(SpoolState.SENT)).isEqualTo(settled.size()).isBetween(10, 16);
            assertThat(counts.get(SpoolState.QUEUE)).isEqualTo(40 - settled.size());
        }
        assertThat(server.inbox().messages()).hasSize(settled.size());
        assertSpoolClean();
        // A second run sends the rest, and nothing twice.
        try (Outbox outbox = outbox(spool, server.port()).connections(3).build()) {
            outbox.run(OutboxListener.NONE);
            assertThat(outbox.counts()).containsEntry(SpoolState.SENT, 40);
        }
        assertThat(messageIds(server.inbox().awaitMessages(40, WAIT))).doesNotHaveDuplicates().hasSize(40);
    }

    @Test
    void enqueueingTheSameMessageAgainAddsNothing() throws Exception {
        start(MailReceiver.ACCEPT_ALL, ServerLimits.defaults());
        try (Outbox outbox = outbox(spool, server.port()).build()) {
            Envelope envelope = Envelope.of("a@outbox.test", "b@outbox.test");
            List<Outbox.Enqueued> first = outbox.enqueue(envelope, MessageSource.ofString(OutboxFixtures.text(1)), "x");
            outbox.run(OutboxListener.NONE);
            long spooledBytes = dataBytes();
            List<Outbox.Enqueued> again = outbox.enqueue(envelope, MessageSource.ofString(OutboxFixtures.text(1)), "x");
            assertThat(dataBytes()).as("a known message is not copied into the spool again").isEqualTo(spooledBytes);
            assertThat(first).singleElement().extracting(Outbox.Enqueued::duplicate).isEqualTo(false);
            assertThat(again).singleElement().satisfies(e -> {
                assertThat(e.duplicate()).isTrue();
                assertThat(e.id()).isEqualTo(first.getFirst().id());
            });
            outbox.run(OutboxListener.NONE);
        }
        assertThat(server.inbox().messages()).hasSize(1);
    }

    @Test
    void aMessageTooBigForTheServersSizeBouncesAtOnceAndTheSessionCarriesOn() throws Exception {
        start(MailReceiver.ACCEPT_ALL, ServerLimits.defaults().withMaxMessageSize(2000));
        OutboxFixtures.Recording events = new OutboxFixtures.Recording();
        try (Outbox outbox = outbox(spool, server.port()).build()) {
            outbox.enqueue(Envelope.of("a@outbox.test", "big@outbox.test"),
                    MessageSource.ofString(OutboxFixtures.text(1) + "x".repeat(3000) + "\r\n"), "big");
            enqueue(outbox, 2, "b@outbox.test");
            outbox.run(events);
            assertThat(outbox.counts()).containsEntry(SpoolState.FAILED, 1).containsEntry(SpoolState.SENT, 2)
                    .containsEntry(SpoolState.DEFERRED, 0);
        }
        AttemptRecord big = events.attempts.stream().filter(a -> a.source().equals("big")).findFirst().orElseThrow();
        assertThat(big.state()).isEqualTo(DeliveryState.BOUNCED);
        assertThat(big.attempt()).isEqualTo(1);
        assertThat(big.failure().orElseThrow()).contains("larger than the 2000 bytes");
        assertThat(events.attempts).hasSize(3);
        assertThat(messageIds(server.inbox().awaitMessages(2, WAIT))).hasSize(2);
    }

    @Test
    void byMxAConnectionFallsThroughToTheNextAddress() throws Exception {
        start(MailReceiver.ACCEPT_ALL, ServerLimits.defaults()); // 127.0.0.1 only: 127.0.0.2 refuses
        try (dev.pigeon.testing.LoopbackDnsServer dns = dev.pigeon.testing.LoopbackDnsServer.start()) {
            dns.add("mx.test", "MX", "10 mx1.mx.test.").add("mx.test", "MX", "20 mx2.mx.test.")
                    .add("mx1.mx.test", "A", "127.0.0.2").add("mx2.mx.test", "A", "127.0.0.1");
            dev.pigeon.delivery.MxResolver resolver = dev.pigeon.delivery.MxResolver.builder().server(dns.address())
                    .timeout(Duration.ofSeconds(5)).build();
            OutboxFixtures.Recording events = new OutboxFixtures.Recording();
            try (Outbox outbox = Outbox.builder(spool, SmtpTransport.of(OutboxFixtures.client()))
                    .router(Router.mx(resolver, server.port())).sync(false).build()) {
                enqueue(outbox, 3, "b@mx.test");
                outbox.run(events);
                assertThat(outbox.counts()).containsEntry(SpoolState.SENT, 3);
            }
            assertThat(events.attempts).hasSize(3).allSatisfy(a -> {
                assertThat(a.state()).isEqualTo(DeliveryState.DELIVERED);
                assertThat(a.destination()).isEqualTo("mx2.mx.test:" + server.port());
            });
            assertThat(events.connectionFailures).isNotEmpty();
        }
        assertThat(server.inbox().awaitMessages(3, WAIT)).hasSize(3);
    }

    @Test
    void aFeederEnqueuesWhileTheRunDelivers() throws Exception {
        start(MailReceiver.ACCEPT_ALL, ServerLimits.defaults());
        OutboxFixtures.Recording events = new OutboxFixtures.Recording();
        AtomicInteger queued = new AtomicInteger();
        try (Outbox outbox = outbox(spool, server.port()).connections(2).build()) {
            enqueue(outbox, 5, "b@outbox.test"); // before the run: loaded from disk
            outbox.run(new OutboxListener() {
                @Override
                public void queued(int more) {
                    queued.addAndGet(more);
                }

                @Override
                public void attempted(AttemptRecord record) {
                    events.attempted(record);
                }
            }, () -> {
                for (int i = 6; i <= 40; i++) {
                    outbox.enqueue(Envelope.of("a@outbox.test", "b@outbox.test"),
                            MessageSource.ofString(OutboxFixtures.text(i)), "msg" + i);
                }
            });
            assertThat(outbox.counts()).containsEntry(SpoolState.SENT, 40).containsEntry(SpoolState.QUEUE, 0);
        }
        assertThat(queued).hasValue(35);
        assertThat(events.attempts).hasSize(40);
        assertThat(messageIds(server.inbox().awaitMessages(40, WAIT))).doesNotHaveDuplicates().hasSize(40);
        assertSpoolClean();
    }

    /** Ctrl-C during spooling: the feeder is told at its next message, and the run ends without an error. */
    @Test
    void aStoppedRunStopsItsFeederToo() throws Exception {
        start(MailReceiver.ACCEPT_ALL, ServerLimits.defaults());
        java.util.concurrent.atomic.AtomicReference<RuntimeException> told = new java.util.concurrent.atomic.AtomicReference<>();
        try (Outbox outbox = outbox(spool, server.port()).build()) {
            outbox.run(OutboxListener.NONE, () -> {
                enqueue(outbox, 10, "b@outbox.test");
                outbox.stop(); // as Ctrl-C does
                try {
                    outbox.enqueue(Envelope.of("a@outbox.test", "b@outbox.test"), MessageSource.ofString(OutboxFixtures.text(11)),
                            "msg11");
                } catch (Outbox.Stopped e) {
                    told.set(e);
                    throw e;
                }
            });
            var counts = outbox.counts();
            assertThat(counts.get(SpoolState.QUEUE) + counts.get(SpoolState.SENT)).as("the 11th was never spooled").isEqualTo(10);
            assertThat(counts.get(SpoolState.ACTIVE)).isZero();
        }
        assertThat(told.get()).isInstanceOf(Outbox.Stopped.class);
    }

    @Test
    void aSpoolOpenTwiceInOneProcessIsRefusedWithAMessage() throws Exception {
        start(MailReceiver.ACCEPT_ALL, ServerLimits.defaults());
        try (Outbox first = outbox(spool, server.port()).build()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> outbox(spool, server.port()).build())
                    .isInstanceOf(IOException.class).hasMessageContaining("in use");
        }
    }

    @Test
    void aFailingFeederStopsTheRunAndIsRethrown() throws Exception {
        start(MailReceiver.ACCEPT_ALL, ServerLimits.defaults());
        try (Outbox outbox = outbox(spool, server.port()).build()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> outbox.run(OutboxListener.NONE, () -> {
                throw new IOException("source unreadable");
            })).isInstanceOf(IOException.class).hasMessage("source unreadable");
        }
    }

    /** Nothing but the lock, one journal and the data segments; no entry left in flight. */
    private void assertSpoolClean() throws IOException {
        try (Stream<Path> all = Files.walk(spool)) {
            assertThat(all.filter(Files::isRegularFile).map(p -> spool.relativize(p).toString()))
                    .allMatch(p -> p.equals("lock") || p.matches("journal/[0-9]{8}\\.log") || p.matches("data/[0-9]{8}\\.seg"));
        }
        assertThat(count(spool.resolve("journal"))).isOne();
    }

    private long dataBytes() throws IOException {
        try (Stream<Path> files = Files.list(spool.resolve("data"))) {
            long n = 0;
            for (Path f : files.toList()) {
                n += Files.size(f);
            }
            return n;
        }
    }

    private static long count(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
