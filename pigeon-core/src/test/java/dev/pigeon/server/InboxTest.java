package dev.pigeon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pigeon.protocol.Mailbox;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class InboxTest {
    private static final ReceivedEnvelope ENVELOPE = new ReceivedEnvelope(
            new ClientInfo(new InetSocketAddress("127.0.0.1", 1), "c.test", true),
            Mailbox.parse("a@a.test"), List.of(Mailbox.parse("b@b.test")), 3);

    @Test
    void awaitMessageHandsOutEachMessageOnceInOrder() throws Exception {
        Inbox inbox = new Inbox();
        inbox.add(ENVELOPE, Path.of("one"), 0, Instant.now());
        inbox.add(ENVELOPE, Path.of("two"), 0, Instant.now());
        assertThat(inbox.awaitMessage(Duration.ZERO).number()).isEqualTo(1);
        assertThat(inbox.awaitMessage(Duration.ZERO).path()).isEqualTo(Path.of("two"));
        assertThatThrownBy(() -> inbox.awaitMessage(Duration.ofMillis(20))).isInstanceOf(TimeoutException.class);
        assertThat(inbox.messages()).hasSize(2);
    }

    @Test
    void awaitWakesWhenAMessageArrives() throws Exception {
        Inbox inbox = new Inbox();
        CompletableFuture<ReceivedMessage> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return inbox.awaitMessage(Duration.ofSeconds(10));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        inbox.add(ENVELOPE, Path.of("m"), 0, Instant.now());
        assertThat(waiter.get(10, TimeUnit.SECONDS).path()).isEqualTo(Path.of("m"));
        assertThat(inbox.awaitMessages(1, Duration.ZERO)).hasSize(1);
    }
}
