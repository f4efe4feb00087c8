package dev.pigeon.client;

import static dev.pigeon.client.ClientFixtures.LAB_FROM;
import static dev.pigeon.client.ClientFixtures.LAB_TO;
import static dev.pigeon.client.ClientFixtures.client;
import static dev.pigeon.client.ClientFixtures.sendLab;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pigeon.client.SendResult.Outcome;
import dev.pigeon.message.MessageSource;
import dev.pigeon.protocol.SmtpProtocolException;
import dev.pigeon.testing.RecordingListener;
import dev.pigeon.testing.Script;
import dev.pigeon.testing.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The send flow against well-formed servers that accept or refuse: exact wire bytes, outcomes, events. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SmtpClientDialogueTest {

    @Test
    void labDialogueWithPlainSmtpPutsExactlyTheseBytesOnTheWire() throws Exception {
        RecordingListener events = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .send("220 aut.uah.es SMTP ready")
                .expect("HELO ").send("250 aut.uah.es")
                .expect("MAIL FROM:").send("250 ok")
                .expect("RCPT TO:").send("250 ok")
                .expect("DATA").send("354 end with .")
                .expectData().send("250 queued as 1")
                .expect("QUIT").send("221 bye")
                .build())) {
            SendResult result = sendLab(client(Protocol.SMTP, events).build(), server);

            assertThat(server.receivedText()).isEqualTo("HELO aut.uah.es\r\nMAIL FROM:<arqredes@aut.uah.es>\r\n"
                    + "RCPT TO:<correo_profesor@aut.uah.es>\r\nDATA\r\nSee you soon\r\nNice to meet you\r\n.\r\nQUIT\r\n");
            assertThat(server.connection(0).clientClosed()).isTrue();
            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(result.stage()).isEqualTo(Stage.CONTENT);
            assertThat(result.finalReply()).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(250));
            assertThat(result.contentBytes()).isEqualTo(35);
            assertThat(result.recipients()).singleElement()
                    .satisfies(r -> assertThat(r.recipient().address()).isEqualTo(LAB_TO))
                    .satisfies(r -> assertThat(r.accepted()).isTrue());
            assertThat(events.events()).containsExactly(
                    "connecting", "connected",
                    "< 220 aut.uah.es SMTP ready",
                    "> HELO aut.uah.es", "< 250 aut.uah.es",
                    "> MAIL FROM:<" + LAB_FROM + ">", "< 250 ok",
                    "> RCPT TO:<" + LAB_TO + ">", "< 250 ok",
                    "> DATA", "< 354 end with .",
                    "data 35", "< 250 queued as 1",
                    "> QUIT", "< 221 bye",
                    "closed");
        }
    }

    @Test
    void contentListenerSeesTheStuffedWireBytes() throws Exception {
        RecordingListener events = new RecordingListener(true);
        try (ScriptedServer server = ScriptedServer.start(Script.acceptingOneMessage("EHLO ", 1).build())) {
            client(Protocol.ESMTP, events).build().send(server.host(), server.port(), ClientFixtures.labEnvelope(),
                    MessageSource.ofString(".hidden\nline"));

            assertThat(new String(server.awaitEnd().dataBlocks().getFirst(), StandardCharsets.ISO_8859_1))
                    .isEqualTo("..hidden\r\nline\r\n");
            assertThat(new String(events.content(), StandardCharsets.ISO_8859_1)).isEqualTo("..hidden\r\nline\r\n.\r\n");
        }
    }

    @Test
    void esmtpSendsEhloAndKeepsTheCapabilities() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .send("220 mx ESMTP")
                .expect("EHLO ").send("250-mx greets aut.uah.es", "250-SIZE 1000000", "250 8BITMIME")
                .expect("MAIL").send("250 ok").expect("RCPT").send("250 ok")
                .expect("DATA").send("354 go").expectData().send("250 ok")
                .expect("QUIT").send("221 bye").build())) {
            SendResult result = sendLab(client(Protocol.ESMTP), server);

            assertThat(server.receivedLines()).startsWith("EHLO aut.uah.es", "MAIL FROM:<" + LAB_FROM + "> SIZE=32");
            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(result.capabilities().has("8BITMIME")).isTrue();
            assertThat(result.capabilities().sizeLimit()).hasValue(1_000_000);
        }
    }

    @Test
    void ehloRefusedWith500FallsBackToHelo() throws Exception {
        assertHeloFallback("500 5.5.1 command unrecognized");
    }

    @Test
    void ehloRefusedWith502FallsBackToHelo() throws Exception {
        assertHeloFallback("502 5.5.2 not implemented");
    }

    private static void assertHeloFallback(String refusal) throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .send("220 old server").expect("EHLO aut.uah.es").send(refusal)
                .expect("HELO aut.uah.es").send("250 hi")
                .expect("MAIL").send("250 ok").expect("RCPT").send("250 ok")
                .expect("DATA").send("354 go").expectData().send("250 ok")
                .expect("QUIT").send("221 bye").build())) {
            SendResult result = sendLab(client(Protocol.ESMTP), server);

            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(result.capabilities().keywords()).isEmpty();
            assertThat(server.receivedLines()).startsWith("EHLO aut.uah.es", "HELO aut.uah.es", "MAIL FROM:<" + LAB_FROM + ">");
        }
    }

    @Test
    void ehlo421IsRefusedWithoutHeloAndWithoutQuit() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .send("220 busy").expect("EHLO ").send("421 4.3.2 shutting down").expectEof().build())) {
            SendResult result = sendLab(client(Protocol.ESMTP), server);

            assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(result.stage()).isEqualTo(Stage.HELLO);
            assertThat(result.refusal()).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(421));
            assertThat(server.receivedText()).isEqualTo("EHLO aut.uah.es\r\n");
        }
    }

    @Test
    void heloRefusedAfterEhloRefusedIsRefusedAtHelloAndQuits() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .send("220 picky").expect("EHLO ").send("502 no").expect("HELO ").send("550 not you")
                .expect("QUIT").send("221 bye").build())) {
            SendResult result = sendLab(client(Protocol.ESMTP), server);

            assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(result.stage()).isEqualTo(Stage.HELLO);
            assertThat(result.refusal()).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(550));
            assertThat(server.receivedText()).isEqualTo("EHLO aut.uah.es\r\nHELO aut.uah.es\r\nQUIT\r\n");
        }
    }

    @Test
    void greeting554IsRefusedAtGreetingAndQuits() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .send("554 5.7.1 no service for you").expect("QUIT").send("221 bye").build())) {
            SendResult result = sendLab(client(Protocol.ESMTP), server);

            assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(result.stage()).isEqualTo(Stage.GREETING);
            assertThat(result.refusal()).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(554));
            assertThat(server.receivedText()).isEqualTo("QUIT\r\n");
        }
    }

    @Test
    void greeting421IsRefusedWithoutQuit() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .send("421 4.7.0 try later").expectEof().build())) {
            SendResult result = sendLab(client(Protocol.ESMTP), server);

            assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(result.stage()).isEqualTo(Stage.GREETING);
            assertThat(server.receivedBytes()).isEmpty();
        }
    }

    @Test
    void mailRefusedIsRefusedAtMailAndQuits() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .send("220 mx").expect("EHLO ").send("250 mx").expect("MAIL ").send("553 5.1.8 bad sender")
                .expect("QUIT").send("221 bye").build())) {
            SendResult result = sendLab(client(Protocol.ESMTP), server);

            assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(result.stage()).isEqualTo(Stage.MAIL);
            assertThat(server.receivedLines()).containsExactly("EHLO aut.uah.es", "MAIL FROM:<" + LAB_FROM + ">", "QUIT");
        }
    }

    @Test
    void someRecipientsRefusedIsPartiallyDeliveredWithPerRecipientResults() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .send("220 mx").expect("EHLO ").send("250 mx").expect("MAIL ").send("250 ok")
                .expect("RCPT TO:<a@x.test>").send("250 ok")
                .expect("RCPT TO:<b@x.test>").send("550 5.1.1 no such user")
                .expect("RCPT TO:<c@x.test>").send("451 4.3.0 try later")
                .expect("DATA").send("354 go").expectData().send("250 ok")
                .expect("QUIT").send("221 bye").build())) {
            SendResult result = client(Protocol.ESMTP).send(server.host(), server.port(),
                    Envelope.of("s@x.test", "a@x.test", "b@x.test", "c@x.test"), ClientFixtures.labMessage());

            assertThat(result.outcome()).isEqualTo(Outcome.PARTIALLY_DELIVERED);
            assertThat(result.recipients()).extracting(r -> r.recipient().address() + "=" + r.reply().code())
                    .containsExactly("a@x.test=250", "b@x.test=550", "c@x.test=451");
            assertThat(result.acceptedRecipients()).hasSize(1);
            assertThat(result.refusedRecipients()).hasSize(2);
            assertThat(server.awaitEnd().dataBlocks()).hasSize(1);
        }
    }

    @Test
    void allRecipientsRefusedSendsNoData() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .send("220 mx").expect("EHLO ").send("250 mx").expect("MAIL ").send("250 ok")
                .expect("RCPT ").send("550 no").expect("RCPT ").send("550 no")
                .expect("QUIT").send("221 bye").build())) {
            SendResult result = client(Protocol.ESMTP).send(server.host(), server.port(),
                    Envelope.of("s@x.test", "a@x.test", "b@x.test"), ClientFixtures.labMessage());

            assertThat(result.outcome()).isEqualTo(Outcome.ALL_RECIPIENTS_REFUSED);
            assertThat(result.stage()).isEqualTo(Stage.RCPT);
            assertThat(result.contentBytes()).isZero();
            assertThat(server.receivedText()).isEqualTo("EHLO aut.uah.es\r\nMAIL FROM:<s@x.test>\r\n"
                    + "RCPT TO:<a@x.test>\r\nRCPT TO:<b@x.test>\r\nQUIT\r\n");
        }
    }

    @Test
    void dataAnsweredWith250IsAProtocolErrorAndNoContentIsSent() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .send("220 mx").expect("EHLO ").send("250 mx").expect("MAIL ").send("250 ok")
                .expect("RCPT ").send("250 ok").expect("DATA").send("250 sure").build())) {
            assertThatThrownBy(() -> sendLab(client(Protocol.ESMTP), server))
                    .isInstanceOfSatisfying(SessionException.class, e -> {
                        assertThat(e.stage()).isEqualTo(Stage.DATA);
                        assertThat(e.possiblyDelivered()).isFalse();
                    })
                    .hasCauseInstanceOf(SmtpProtocolException.class);
            assertThat(server.receivedText()).endsWith("RCPT TO:<" + LAB_TO + ">\r\nDATA\r\n");
        }
    }

    @Test
    void data554IsRefusedAtDataWithNoContent() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .send("220 mx").expect("EHLO ").send("250 mx").expect("MAIL ").send("250 ok")
                .expect("RCPT ").send("250 ok").expect("DATA").send("554 5.5.1 no valid recipients")
                .expect("QUIT").send("221 bye").build())) {
            SendResult result = sendLab(client(Protocol.ESMTP), server);

            assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(result.stage()).isEqualTo(Stage.DATA);
            assertThat(result.contentBytes()).isZero();
            assertThat(server.receivedText()).endsWith("\r\nDATA\r\nQUIT\r\n");
        }
    }

    @Test
    void finalReply552IsRefusedAtContent() throws Exception {
        assertRefusedAtContent("552 5.3.4 message too big");
    }

    @Test
    void finalReply451IsRefusedAtContent() throws Exception {
        assertRefusedAtContent("451 4.3.0 local error");
    }

    private static void assertRefusedAtContent(String refusal) throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .send("220 mx").expect("EHLO ").send("250 mx").expect("MAIL ").send("250 ok")
                .expect("RCPT ").send("250 ok").expect("DATA").send("354 go").expectData().send(refusal)
                .expect("QUIT").send("221 bye").build())) {
            SendResult result = sendLab(client(Protocol.ESMTP), server);

            assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(result.stage()).isEqualTo(Stage.CONTENT);
            assertThat(result.refusal()).hasValueSatisfying(r -> assertThat(r.lines()).containsExactly(refusal));
            assertThat(result.finalReply()).isEqualTo(result.refusal());
            assertThat(server.receivedText()).endsWith("\r\n.\r\nQUIT\r\n");
        }
    }
}
