package dev.pigeon.outbox;

import dev.pigeon.client.Envelope;
import dev.pigeon.client.SmtpClient;
import dev.pigeon.message.MessageSource;
import dev.pigeon.server.ReceivedMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/** Messages, clients and listeners shared by the outbox tests. */
final class OutboxFixtures {
    /** Retries after a few milliseconds, so retry tests wait for nothing much. */
    static final RetryPolicy QUICK_RETRY = new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(20), 2, 5,
            Duration.ofHours(1));

    private OutboxFixtures() {}

    static String messageId(int n) {
        return "<m" + n + "@outbox.test>";
    }

    /** About 1 KB, with a Message-ID the receiving side can count by. */
    static String text(int n) {
        return "From: a@outbox.test\r\nTo: b@outbox.test\r\nMessage-ID: " + messageId(n) + "\r\nSubject: message " + n
                + "\r\n\r\n" + ("Line of body text for message " + n + ".\r\n").repeat(25);
    }

    static void enqueue(Outbox outbox, int count, String... recipients) throws IOException {
        for (int i = 1; i <= count; i++) {
            outbox.enqueue(Envelope.of("a@outbox.test", recipients), MessageSource.ofString(text(i)), "msg" + i);
        }
    }

    static SmtpClient client() {
        return SmtpClient.builder().helo("client.outbox.test").build();
    }

    static Outbox.Builder outbox(java.nio.file.Path spool, int port) {
        return Outbox.builder(spool, SmtpTransport.of(client())).router(Router.smarthost("127.0.0.1", port))
                .retry(QUICK_RETRY).random(new Random(1)).sync(false);
    }

    /** The Message-ID header of a received message. */
    static String messageIdOf(ReceivedMessage m) throws IOException {
        String text = new String(m.content(), StandardCharsets.UTF_8);
        int at = text.indexOf("Message-ID: ");
        return text.substring(at + 12, text.indexOf("\r\n", at));
    }

    static List<String> messageIds(List<ReceivedMessage> messages) throws IOException {
        List<String> ids = new ArrayList<>();
        for (ReceivedMessage m : messages) {
            ids.add(messageIdOf(m));
        }
        return ids;
    }

    /** Records every attempt. */
    static final class Recording implements OutboxListener {
        final List<AttemptRecord> attempts = new CopyOnWriteArrayList<>();
        final List<String> connectionFailures = new CopyOnWriteArrayList<>();

        @Override
        public void attempted(AttemptRecord record) {
            attempts.add(record);
        }

        @Override
        public void connectionFailed(String destination, String why) {
            connectionFailures.add(why);
        }

        long count(DeliveryState state) {
            return attempts.stream().filter(a -> a.state() == state).count();
        }
    }
}
