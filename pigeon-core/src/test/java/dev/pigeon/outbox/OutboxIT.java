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
import org.junit.jupiter.api.io.TempDir;

/** The outbox end to end on loopback, the embedded server receiving. */
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
            Path failed = outbox.spool().directory(SpoolState.FAILED);
            try (Stream<Path> files = Files.list(failed)) {
                String meta = Files.readString(files.findFirst().orElseThrow());
                assertThat(meta).contains("last-reply: 550 5.1.1 no such user").contains("attempts: 1");
            }
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
            assertThat(counts.get(SpoolState.SENT)).isEqualTo(settled.size()).isBetween(10, 13);
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
            List<Outbox.Enqueued> again = outbox.enqueue(envelope, MessageSource.ofString(OutboxFixtures.text(1)), "x");
            assertThat(first).singleElement().extracting(Outbox.Enqueued::duplicate).isEqualTo(false);
            assertThat(again).singleElement().satisfies(e -> {
                assertThat(e.duplicate()).isTrue();
                assertThat(e.id()).isEqualTo(first.getFirst().id());
            });
            outbox.run(OutboxListener.NONE);
        }
        assertThat(server.inbox().messages()).hasSize(1);
    }

    /** Only the state directories hold metadata; no temp files; content only for unsent entries. */
    private void assertSpoolClean() throws IOException {
        try (Stream<Path> tmp = Files.list(spool.resolve("tmp"))) {
            assertThat(tmp).isEmpty();
        }
        try (Stream<Path> all = Files.walk(spool)) {
            assertThat(all.filter(Files::isRegularFile).map(p -> spool.relativize(p).toString()))
                    .allMatch(p -> p.equals("lock") || p.matches("(queue|sent|failed|deferred|unknown)/[0-9a-f.dlubs]+\\.meta")
                            || p.matches("data/[0-9a-f.dlubs]+\\.eml"));
        }
        try (Stream<Path> data = Files.list(spool.resolve("data"))) {
            long unsent = Stream.of("queue", "failed", "deferred", "unknown").mapToLong(d -> count(spool.resolve(d))).sum();
            assertThat(data.count()).isEqualTo(unsent);
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
