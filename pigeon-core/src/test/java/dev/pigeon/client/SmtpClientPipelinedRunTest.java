package dev.pigeon.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pigeon.message.MessageSource;
import dev.pigeon.testing.Script;
import dev.pigeon.testing.ScriptedServer;
import dev.pigeon.transport.Timeouts;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link SmtpClient#sendPipelined}: the next transaction's MAIL, RCPT and DATA leave with the
 * previous final dot (RFC 2920 3.1). The scripted server answers the dot only once it has read the
 * next MAIL, RCPT and DATA: a client that waited for that reply first would stall, and the test
 * fail at the script's step deadline.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SmtpClientPipelinedRunTest {
    private static final Envelope ENVELOPE = Envelope.of("a@x.test", "b@y.test");

    private static Script.Builder opening(String... ehlo) {
        return Script.builder().stepTimeout(Duration.ofSeconds(3)).send("220 scripted.test ESMTP").expect("EHLO ")
                .send(ehlo);
    }

    private static SmtpClient client() {
        return SmtpClient.builder().helo("client.test").timeouts(Timeouts.uniform(Duration.ofSeconds(10))).build();
    }

    @Test
    void theNextEnvelopeLeavesWithTheFinalDotAndTheRepliesAreMatchedInOrder() throws Exception {
        Script script = opening("250-scripted.test", "250 PIPELINING")
                .expect("MAIL FROM:<a@x.test>").expect("RCPT TO:<b@y.test>").expect("DATA")
                .send("250 2.1.0 ok", "250 2.1.5 ok", "354 go ahead").expectData()
                .expect("MAIL FROM:<a@x.test>").expect("RCPT TO:<b@y.test>").expect("DATA")
                .send("250 2.0.0 queued as FIRST", "250 2.1.0 ok", "250 2.1.5 ok", "354 go ahead").expectData()
                .send("550 5.7.1 second refused").expect("QUIT").send("221 bye").build();
        try (ScriptedServer server = ScriptedServer.start(script)) {
            SmtpClient client = client();
            try (ClientSession session = client.open(server.host(), server.port())) {
                assertThat(client.ready(session, server.host(), server.port())).isEmpty();
                PendingSend first = client.sendPipelined(session, ENVELOPE, MessageSource.ofString("one\r\n"));
                assertThat(first.awaitingFinalReply()).isTrue();
                PendingSend second = client.sendPipelined(session, ENVELOPE, MessageSource.ofString("two\r\n"));
                assertThat(first.result().outcome()).isEqualTo(SendResult.Outcome.DELIVERED);
                assertThat(first.result().finalReply().orElseThrow().text()).contains("queued as FIRST");
                SendResult refused = second.result();
                assertThat(refused.outcome()).isEqualTo(SendResult.Outcome.REFUSED);
                assertThat(refused.finalReply().orElseThrow().code()).isEqualTo(550);
                // Each result counts its own content ("two\r\n.\r\n"), not the session's so far.
                assertThat(first.result().contentBytes()).isEqualTo(8);
                assertThat(refused.contentBytes()).isEqualTo(8);
                session.quit();
            }
            assertThat(server.awaitEnd().receivedLines()).containsExactly("EHLO client.test",
                    "MAIL FROM:<a@x.test>", "RCPT TO:<b@y.test>", "DATA", "one", ".",
                    "MAIL FROM:<a@x.test>", "RCPT TO:<b@y.test>", "DATA", "two", ".", "QUIT");
        }
    }

    @Test
    void withoutPipeliningEachTransactionEndsWithItsFinalReply() throws Exception {
        Script script = opening("250 scripted.test")
                .expect("MAIL FROM:").send("250 ok").expect("RCPT TO:").send("250 ok").expect("DATA")
                .send("354 go ahead").expectData().send("250 2.0.0 queued").expect("QUIT").send("221 bye").build();
        try (ScriptedServer server = ScriptedServer.start(script)) {
            SmtpClient client = client();
            try (ClientSession session = client.open(server.host(), server.port())) {
                assertThat(client.ready(session, server.host(), server.port())).isEmpty();
                PendingSend only = client.sendPipelined(session, ENVELOPE, MessageSource.ofString("one\r\n"));
                assertThat(only.awaitingFinalReply()).isFalse();
                assertThat(only.result().outcome()).isEqualTo(SendResult.Outcome.DELIVERED);
                session.quit();
            }
        }
    }

    @Test
    void aConnectionLostAfterTheDotLeavesThatMessageUnknownAndTheNextUnsent() throws Exception {
        Script script = opening("250-scripted.test", "250 PIPELINING")
                .expect("MAIL FROM:").expect("RCPT TO:").expect("DATA")
                .send("250 ok", "250 ok", "354 go ahead").expectData()
                .expect("MAIL FROM:").close().build();
        try (ScriptedServer server = ScriptedServer.start(script)) {
            SmtpClient client = client();
            try (ClientSession session = client.open(server.host(), server.port())) {
                assertThat(client.ready(session, server.host(), server.port())).isEmpty();
                PendingSend first = client.sendPipelined(session, ENVELOPE, MessageSource.ofString("one\r\n"));
                assertThatThrownBy(() -> client.sendPipelined(session, ENVELOPE, MessageSource.ofString("two\r\n")))
                        .isInstanceOfSatisfying(SessionException.class, e -> {
                            assertThat(e.stage()).isEqualTo(Stage.MAIL);
                            assertThat(e.possiblyDelivered()).isFalse();
                        });
                assertThatThrownBy(first::result).isInstanceOfSatisfying(SessionException.class, e -> {
                    assertThat(e.stage()).isEqualTo(Stage.CONTENT);
                    assertThat(e.possiblyDelivered()).isTrue();
                    assertThat(e.getMessage()).contains("RFC 1047");
                });
            }
            assertThat(server.awaitEnd().receivedLines()).endsWith(".", "MAIL FROM:<a@x.test>", "RCPT TO:<b@y.test>",
                    "DATA");
        }
    }

    @Test
    void aResetAfterAPendingDotReadsTheDotsReplyFirst() throws Exception {
        Script script = opening("250-scripted.test", "250 PIPELINING")
                .expect("MAIL FROM:").expect("RCPT TO:").expect("DATA")
                .send("250 ok", "250 ok", "354 go ahead").expectData()
                .expect("RSET").send("250 2.0.0 queued", "250 2.0.0 reset").expect("QUIT").send("221 bye").build();
        try (ScriptedServer server = ScriptedServer.start(script)) {
            SmtpClient client = client();
            try (ClientSession session = client.open(server.host(), server.port())) {
                assertThat(client.ready(session, server.host(), server.port())).isEmpty();
                PendingSend first = client.sendPipelined(session, ENVELOPE, MessageSource.ofString("one\r\n"));
                assertThat(session.rset().text()).contains("reset");
                assertThat(first.result().finalReply().orElseThrow().text()).contains("queued");
                session.quit();
            }
        }
    }
}
