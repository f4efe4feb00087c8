package dev.pigeon.client;

import static dev.pigeon.client.ClientFixtures.TIMEOUTS;
import static dev.pigeon.client.TlsFixtures.LOCAL;
import static dev.pigeon.client.TlsFixtures.policy;
import static dev.pigeon.client.TlsFixtures.serverContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pigeon.client.SendResult.Outcome;
import dev.pigeon.message.MessageSource;
import dev.pigeon.protocol.Mailbox;
import dev.pigeon.protocol.Reply;
import dev.pigeon.testing.RecordingListener;
import dev.pigeon.testing.Script;
import dev.pigeon.testing.ScriptedConnection;
import dev.pigeon.testing.ScriptedServer;
import dev.pigeon.transport.Timeouts;
import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** LMTP (RFC 2033) against a scripted TCP server: LHLO, and one reply per accepted recipient after the dot. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LmtpClientTest {
    private static final String TEXT = "Subject: t\r\n\r\n.hi\r\n";

    private static SmtpClient lmtp(RecordingListener events) {
        return SmtpClient.builder().helo("client.test").protocol(Protocol.LMTP).timeouts(TIMEOUTS).listener(events)
                .build();
    }

    private static Envelope envelope(String... to) {
        return Envelope.of("a@x.test", to);
    }

    private static Script.Builder upToData(int recipients) {
        Script.Builder b = Script.builder().send("220 lmtp.test LMTP ready")
                .expect("LHLO ").send("250-lmtp.test", "250-PIPELINING", "250-ENHANCEDSTATUSCODES", "250 8BITMIME")
                .expect("MAIL FROM:").send("250 2.1.0 ok");
        for (int i = 0; i < recipients; i++) {
            b.expect("RCPT TO:").send("250 2.1.5 ok");
        }
        return b.expect("DATA").send("354 go ahead").expectData();
    }

    private static SendResult send(ScriptedServer server, Envelope envelope, RecordingListener events)
            throws SessionException {
        return lmtp(events).send(server.host(), server.port(), envelope, MessageSource.ofString(TEXT));
    }

    @Test
    void wireIsLhloEnvelopeDataContentThenOneReplyPerRecipient() throws Exception {
        Script script = upToData(2).send("250 2.0.0 <b@y.test> delivered", "250 2.0.0 <c@y.test> delivered")
                .expect("QUIT").send("221 bye").build();
        RecordingListener events = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start(script)) {
            SendResult result = send(server, envelope("b@y.test", "c@y.test"), events);

            assertThat(server.receivedText()).isEqualTo("LHLO client.test\r\n"
                    + "MAIL FROM:<a@x.test>\r\n"
                    + "RCPT TO:<b@y.test>\r\n"
                    + "RCPT TO:<c@y.test>\r\n"
                    + "DATA\r\n"
                    + "Subject: t\r\n\r\n..hi\r\n.\r\n"
                    + "QUIT\r\n");
            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(result.stage()).isEqualTo(Stage.CONTENT);
            assertThat(result.recipients()).extracting(r -> r.deliveryReply().map(Reply::text).orElseThrow())
                    .containsExactly("2.0.0 <b@y.test> delivered", "2.0.0 <c@y.test> delivered");
            assertThat(result.finalReply().map(Reply::text)).hasValue("2.0.0 <c@y.test> delivered");
            assertThat(result.capabilities().has("PIPELINING")).isTrue();
            assertThat(events.events()).containsSubsequence("> LHLO client.test", "> DATA", "< 354 go ahead",
                    "< 250 2.0.0 <b@y.test> delivered", "< 250 2.0.0 <c@y.test> delivered", "> QUIT");
        }
    }

    @Test
    void mixedRepliesAfterTheDataDecideEachRecipient() throws Exception {
        Script script = upToData(3).send("250 2.0.0 ok", "550 5.1.1 no such user", "452 4.2.2 over quota")
                .expect("QUIT").send("221 bye").build();
        try (ScriptedServer server = ScriptedServer.start(script)) {
            SendResult result = send(server, envelope("ok@y.test", "gone@y.test", "full@y.test"),
                    new RecordingListener());

            assertThat(result.outcome()).isEqualTo(Outcome.PARTIALLY_DELIVERED);
            assertThat(result.recipients()).allMatch(RecipientResult::accepted);
            assertThat(result.recipients()).extracting(r -> r.decidingReply().code()).containsExactly(250, 550, 452);
            assertThat(result.acceptedRecipients()).extracting(r -> r.recipient().address())
                    .containsExactly("ok@y.test");
            assertThat(result.refusedRecipients()).extracting(r -> r.recipient().address())
                    .containsExactly("gone@y.test", "full@y.test");
            assertThat(server.receivedLines()).last().isEqualTo("QUIT");
        }
    }

    @Test
    void recipientRefusedAtRcptGetsNoReplyAfterTheData() throws Exception {
        Script script = Script.builder().send("220 lmtp.test").expect("LHLO ").send("250 lmtp.test")
                .expect("MAIL FROM:").send("250 ok")
                .expect("RCPT TO:<gone@").send("550 5.1.1 unknown")
                .expect("RCPT TO:<ok@").send("250 ok")
                .expect("DATA").send("354 go").expectData().send("250 2.0.0 delivered")
                .expect("QUIT").send("221 bye").build();
        try (ScriptedServer server = ScriptedServer.start(script)) {
            SendResult result = send(server, envelope("gone@y.test", "ok@y.test"), new RecordingListener());

            assertThat(result.outcome()).isEqualTo(Outcome.PARTIALLY_DELIVERED);
            assertThat(result.recipients().get(0).deliveryReply()).isEmpty();
            assertThat(result.recipients().get(0).refused()).isTrue();
            assertThat(result.recipients().get(1).deliveryReply().map(Reply::code)).hasValue(250);
            server.awaitEnd().assertNoFailure();
        }
    }

    @Test
    void everyRecipientRefusedAfterTheDataIsAllRefusedAtContent() throws Exception {
        Script script = upToData(2).send("550 5.1.1 no", "452 4.2.2 full").expect("QUIT").send("221 bye").build();
        try (ScriptedServer server = ScriptedServer.start(script)) {
            SendResult result = send(server, envelope("b@y.test", "c@y.test"), new RecordingListener());

            assertThat(result.outcome()).isEqualTo(Outcome.ALL_RECIPIENTS_REFUSED);
            assertThat(result.stage()).isEqualTo(Stage.CONTENT);
            assertThat(result.contentBytes()).isPositive();
            assertThat(result.refusedRecipients()).hasSize(2);
        }
    }

    @Test
    void everyRecipientRefusedAtRcptSendsNoData() throws Exception {
        Script script = Script.builder().send("220 lmtp.test").expect("LHLO ").send("250 lmtp.test")
                .expect("MAIL FROM:").send("250 ok").expect("RCPT TO:").send("550 5.1.1 unknown")
                .expect("QUIT").send("221 bye").build();
        try (ScriptedServer server = ScriptedServer.start(script)) {
            SendResult result = send(server, envelope("gone@y.test"), new RecordingListener());

            assertThat(result.outcome()).isEqualTo(Outcome.ALL_RECIPIENTS_REFUSED);
            assertThat(result.stage()).isEqualTo(Stage.RCPT);
            assertThat(server.receivedLines()).noneMatch(l -> l.startsWith("DATA"));
        }
    }

    @Test
    void missingReplyAfterTheFirstIsIncompleteAndPossiblyDelivered() throws Exception {
        Script script = upToData(3).send("250 2.0.0 delivered").close().build();
        try (ScriptedServer server = ScriptedServer.start(script)) {
            assertThatThrownBy(() -> send(server, envelope("b@y.test", "c@y.test", "d@y.test"),
                    new RecordingListener()))
                    .isInstanceOfSatisfying(LmtpIncompleteException.class, e -> {
                        assertThat(e.stage()).isEqualTo(Stage.CONTENT);
                        assertThat(e.possiblyDelivered()).isTrue();
                        assertThat(e.getCause()).isInstanceOf(EOFException.class);
                        assertThat(e.recipients().getFirst().deliveryReply().map(Reply::code)).hasValue(250);
                        assertThat(e.undecided()).extracting(Mailbox::address).containsExactly("c@y.test", "d@y.test");
                        assertThat(e.getMessage()).contains("the delivery reply for c@y.test")
                                .contains("may or may not have been delivered")
                                .contains("no LMTP reply for <c@y.test> <d@y.test>; replies received: <b@y.test> 250");
                    });
        }
    }

    @Test
    void eachDeliveryReplyHasItsOwnDeadline() throws Exception {
        Duration shortWait = Duration.ofMillis(300);
        Timeouts t = new Timeouts(TIMEOUTS.connect(), TIMEOUTS.greeting(), TIMEOUTS.command(), TIMEOUTS.mail(),
                TIMEOUTS.rcpt(), TIMEOUTS.dataInitiation(), TIMEOUTS.dataBlock(), shortWait);
        // Two replies, each 200 ms apart: more than the deadline in total, less than it each.
        Script script = upToData(2).pause(Duration.ofMillis(200)).send("250 one")
                .pause(Duration.ofMillis(200)).send("250 two").expect("QUIT").send("221 bye").build();
        try (ScriptedServer server = ScriptedServer.start(script)) {
            SendResult result = SmtpClient.builder().helo("client.test").protocol(Protocol.LMTP).timeouts(t).build()
                    .send(server.host(), server.port(), envelope("b@y.test", "c@y.test"), MessageSource.ofString(TEXT));

            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        }
    }

    @Test
    void silenceAfterTheDataTimesOut() throws Exception {
        Timeouts t = Timeouts.uniform(Duration.ofMillis(300));
        try (ScriptedServer server = ScriptedServer.start(upToData(1).stall().build())) {
            assertThatThrownBy(() -> SmtpClient.builder().helo("client.test").protocol(Protocol.LMTP).timeouts(t)
                    .build().send(server.host(), server.port(), envelope("b@y.test"), MessageSource.ofString(TEXT)))
                    .isInstanceOfSatisfying(LmtpIncompleteException.class, e ->
                            assertThat(e.getCause()).isInstanceOf(SocketTimeoutException.class));
        }
    }

    @Test
    void refusedLhloIsARefusalWithoutHeloFallback() throws Exception {
        Script script = Script.builder().send("220 lmtp.test").expect("LHLO ").send("500 5.5.1 what?")
                .expect("QUIT").send("221 bye").build();
        try (ScriptedServer server = ScriptedServer.start(script)) {
            SendResult result = send(server, envelope("b@y.test"), new RecordingListener());

            assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(result.stage()).isEqualTo(Stage.HELLO);
            assertThat(server.receivedLines()).containsExactly("LHLO client.test", "QUIT");
        }
    }

    @Test
    void startTlsOverTcpIsFollowedByLhloAgain() throws Exception {
        Script script = Script.builder().send("220 lmtp.test")
                .expect("LHLO ").send("250-lmtp.test", "250 STARTTLS")
                .expect("STARTTLS").send("220 go ahead").startTls(serverContext(LOCAL))
                .expect("LHLO ").send("250 lmtp.test")
                .expect("MAIL FROM:").send("250 ok").expect("RCPT TO:").send("250 ok")
                .expect("DATA").send("354 go").expectData().send("250 delivered")
                .expect("QUIT").send("221 bye").build();
        try (ScriptedServer server = ScriptedServer.start(script)) {
            SendResult result = SmtpClient.builder().helo("client.test").protocol(Protocol.LMTP).timeouts(TIMEOUTS)
                    .tls(policy(TlsMode.STARTTLS_REQUIRED, LOCAL)).build()
                    .send(server.host(), server.port(), envelope("b@y.test"), MessageSource.ofString(TEXT));

            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            ScriptedConnection c = server.connection(0).awaitEnd(Duration.ofSeconds(10));
            assertThat(c.linesBeforeTls()).containsExactly("LHLO client.test", "STARTTLS");
            assertThat(c.linesUnderTls()).startsWith("LHLO client.test", "MAIL FROM:<a@x.test>");
        }
    }

    @Test
    void recipientResultKeepsTheTwoArgumentForm() {
        RecipientResult r = new RecipientResult(Mailbox.parse("b@y.test"), Reply.of(250, "ok"));

        assertThat(r.deliveryReply()).isEqualTo(Optional.empty());
        assertThat(r.refused()).isFalse();
        assertThat(r.withDeliveryReply(Reply.of(550, "no")).refused()).isTrue();
        assertThat(List.of(r)).allMatch(RecipientResult::accepted);
    }
}
