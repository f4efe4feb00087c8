package dev.pigeon.client;

import static dev.pigeon.client.ClientFixtures.client;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.client.SendResult.Outcome;
import dev.pigeon.message.MessageSource;
import dev.pigeon.testing.RecordingListener;
import dev.pigeon.testing.Script;
import dev.pigeon.testing.ScriptedServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PIPELINING (RFC 2920) against scripted servers that read the whole batch before answering any
 * of it: a client that waited for the MAIL reply would time out, so passing proves one batch.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PipeliningTest {
    private static final Envelope THREE = Envelope.of("a@x.test", "b@y.test", "c@y.test", "d@y.test");

    private static Script.Builder greeting(String... keywords) {
        String[] lines = new String[keywords.length + 1];
        lines[0] = "250-mx.test";
        for (int i = 0; i < keywords.length; i++) {
            lines[i + 1] = (i == keywords.length - 1 ? "250 " : "250-") + keywords[i];
        }
        if (keywords.length == 0) {
            lines[0] = "250 mx.test";
        }
        return Script.builder().send("220 mx.test ESMTP").expect("EHLO ").send(lines);
    }

    @Test
    void mailRcptsAndDataGoInOneBatchAndRepliesAreMatchedInOrder() throws Exception {
        RecordingListener events = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start(greeting("PIPELINING")
                .expect("MAIL FROM:<a@x.test>").expect("RCPT TO:<b@y.test>").expect("RCPT TO:<c@y.test>")
                .expect("RCPT TO:<d@y.test>").expect("DATA")
                .send("250 2.1.0 ok", "250 2.1.5 b ok", "550 5.1.1 no such user c", "250 2.1.5 d ok", "354 go")
                .expectData().send("250 2.0.0 queued")
                .expect("QUIT").send("221 bye").build())) {
            SendResult result = client(Protocol.ESMTP, events).build()
                    .send(server.host(), server.port(), THREE, MessageSource.ofString("hi\r\n"));

            assertThat(server.receivedText()).isEqualTo("EHLO aut.uah.es\r\n"
                    + "MAIL FROM:<a@x.test>\r\nRCPT TO:<b@y.test>\r\nRCPT TO:<c@y.test>\r\nRCPT TO:<d@y.test>\r\n"
                    + "DATA\r\nhi\r\n.\r\nQUIT\r\n");
            assertThat(result.outcome()).isEqualTo(Outcome.PARTIALLY_DELIVERED);
            assertThat(result.recipients()).extracting(r -> r.recipient().address() + " " + r.reply().code())
                    .containsExactly("b@y.test 250", "c@y.test 550", "d@y.test 250");
            assertThat(result.extensions().pipelined()).isTrue();
            assertThat(result.extensions().chunked()).isFalse();
            assertThat(events.events()).containsSubsequence(
                    "> MAIL FROM:<a@x.test>", "> RCPT TO:<b@y.test>", "> RCPT TO:<c@y.test>",
                    "> RCPT TO:<d@y.test>", "> DATA",
                    "< 250 2.1.0 ok", "< 250 2.1.5 b ok", "< 550 5.1.1 no such user c", "< 250 2.1.5 d ok",
                    "< 354 go", "data 7", "< 250 2.0.0 queued", "> QUIT");
        }
    }

    @Test
    void everyRecipientRefusedMeansNoContentAfterTheRefusedData() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(greeting("PIPELINING")
                .expect("MAIL").expect("RCPT").expect("RCPT").expect("RCPT").expect("DATA")
                .send("250 ok", "550 5.1.1 no", "550 5.1.1 no", "450 4.2.1 later", "554 5.5.1 no valid recipients")
                .expect("QUIT").send("221 bye").build())) {
            SendResult result = client(Protocol.ESMTP).send(server.host(), server.port(), THREE,
                    MessageSource.ofString("secret content\r\n"));

            assertThat(server.receivedText()).doesNotContain("secret").endsWith("DATA\r\nQUIT\r\n");
            assertThat(result.outcome()).isEqualTo(Outcome.ALL_RECIPIENTS_REFUSED);
            assertThat(result.stage()).isEqualTo(Stage.RCPT);
            assertThat(result.contentBytes()).isZero();
        }
    }

    @Test
    void aBrokenServerThatGives354WithoutRecipientsGetsALoneDot() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(greeting("PIPELINING")
                .expect("MAIL").expect("RCPT").expect("RCPT").expect("RCPT").expect("DATA")
                .send("250 ok", "550 no", "550 no", "550 no", "354 go ahead anyway")
                .expect(".").send("554 5.5.1 no recipients")
                .expect("QUIT").send("221 bye").build())) {
            SendResult result = client(Protocol.ESMTP).send(server.host(), server.port(), THREE,
                    MessageSource.ofString("secret content\r\n"));

            assertThat(server.receivedText()).doesNotContain("secret").endsWith("DATA\r\n.\r\nQUIT\r\n");
            assertThat(result.outcome()).isEqualTo(Outcome.ALL_RECIPIENTS_REFUSED);
            assertThat(result.contentBytes()).isZero();
        }
    }

    @Test
    void refusedMailInTheBatchEndsWithQuitAndNoContent() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(greeting("PIPELINING")
                .expect("MAIL").expect("RCPT").expect("RCPT").expect("RCPT").expect("DATA")
                .send("553 5.1.8 bad sender", "503 5.5.1 need MAIL", "503 5.5.1 need MAIL", "503 5.5.1 need MAIL",
                        "503 5.5.1 need MAIL")
                .expect("QUIT").send("221 bye").build())) {
            SendResult result = client(Protocol.ESMTP).send(server.host(), server.port(), THREE,
                    MessageSource.ofString("secret\r\n"));

            assertThat(server.receivedText()).doesNotContain("secret").endsWith("DATA\r\nQUIT\r\n");
            assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(result.stage()).isEqualTo(Stage.MAIL);
            assertThat(result.refusal()).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(553));
        }
    }

    @Test
    void a421InsideTheBatchStopsReadingAndSendsNoQuit() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(greeting("PIPELINING")
                .expect("MAIL").expect("RCPT").expect("RCPT").expect("RCPT").expect("DATA")
                .send("250 ok", "421 4.3.2 shutting down").expectEof().build())) {
            SendResult result = client(Protocol.ESMTP).send(server.host(), server.port(), THREE,
                    MessageSource.ofString("x\r\n"));

            assertThat(server.receivedText()).endsWith("DATA\r\n");
            assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(result.stage()).isEqualTo(Stage.RCPT);
        }
    }

    @Test
    void pipeliningOffIsLockstepEvenWhenOffered() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(greeting("PIPELINING")
                .expect("MAIL").send("250 ok").expect("RCPT").send("250 ok")
                .expect("DATA").send("354 go").expectData().send("250 ok")
                .expect("QUIT").send("221 bye").build())) {
            RecordingListener events = new RecordingListener();
            SendResult result = client(Protocol.ESMTP, events)
                    .extensions(Extensions.defaults().withPipelining(false)).build()
                    .send(server.host(), server.port(), Envelope.of("a@x.test", "b@y.test"),
                            MessageSource.ofString("x\r\n"));

            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(result.extensions().pipelined()).isFalse();
            // on the wire, not just as reported: each command after the previous reply
            assertThat(events.events()).containsSubsequence("> MAIL FROM:<a@x.test>", "< 250 ok",
                    "> RCPT TO:<b@y.test>", "< 250 ok", "> DATA", "< 354 go");
        }
    }

    @Test
    void notOfferedMeansLockstep() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(greeting("8BITMIME")
                .expect("MAIL").send("250 ok").expect("RCPT").send("250 ok")
                .expect("DATA").send("354 go").expectData().send("250 ok")
                .expect("QUIT").send("221 bye").build())) {
            RecordingListener events = new RecordingListener();
            SendResult result = client(Protocol.ESMTP, events).build().send(server.host(), server.port(),
                    Envelope.of("a@x.test", "b@y.test"), MessageSource.ofString("x\r\n"));
            assertThat(events.events()).containsSubsequence("> MAIL FROM:<a@x.test>", "< 250 ok",
                    "> RCPT TO:<b@y.test>", "< 250 ok", "> DATA", "< 354 go");

            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(result.extensions().pipelined()).isFalse();
        }
    }

    @Test
    void quitAfterRcptPipelinesWithoutData() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(greeting("PIPELINING")
                .expect("MAIL").expect("RCPT").send("250 ok", "250 ok")
                .expect("QUIT").send("221 bye").build())) {
            SendResult result = client(Protocol.ESMTP, new RecordingListener()).quitAfter(Stage.RCPT).build()
                    .send(server.host(), server.port(), Envelope.of("a@x.test", "b@y.test"),
                            MessageSource.ofString("x\r\n"));

            assertThat(server.receivedText()).doesNotContain("DATA");
            assertThat(result.outcome()).isEqualTo(Outcome.STOPPED);
        }
    }
}
