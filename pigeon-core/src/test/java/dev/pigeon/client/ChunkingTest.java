package dev.pigeon.client;

import static dev.pigeon.client.ClientFixtures.client;
import static dev.pigeon.client.ExtensionScripts.ehlo;
import static dev.pigeon.client.ExtensionScripts.onlyQuit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pigeon.client.SendResult.Outcome;
import dev.pigeon.message.MessageSource;
import dev.pigeon.testing.RecordingListener;
import dev.pigeon.testing.Script;
import dev.pigeon.testing.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CHUNKING (RFC 3030): exact BDAT framing, no dot-stuffing, chunk boundaries, refusals, BINARYMIME. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChunkingTest {
    private static final Envelope ENVELOPE = Envelope.of("a@x.test", "b@y.test");

    private static SendResult send(ScriptedServer server, MessageSource message, Extensions extensions,
                                   SessionListener listener) throws SessionException {
        return client(Protocol.ESMTP, listener).extensions(extensions).build()
                .send(server.host(), server.port(), ENVELOPE, message);
    }

    private static SendResult send(ScriptedServer server, String content, int chunkSize) throws SessionException {
        return send(server, MessageSource.ofString(content), Extensions.defaults().withChunkSize(chunkSize),
                new RecordingListener());
    }

    /** Lockstep envelope, accepted. */
    private static Script.Builder envelope(Script.Builder opening) {
        return opening.expect("MAIL").send("250 ok").expect("RCPT").send("250 ok");
    }

    @Test
    void oneChunkCarriesTheDotLineRawWithoutStuffing() throws Exception {
        String content = "Subject: t\r\n\r\nline\r\n.\r\n..two\r\n";
        try (ScriptedServer server = ScriptedServer.start(envelope(ehlo("CHUNKING"))
                .expect("BDAT 30 LAST").expect("Subject").expect("").expect("line").expect(".").expect("..two")
                .send("250 2.0.0 queued as X").expect("QUIT").send("221 bye").build())) {
            SendResult result = send(server, content, Extensions.DEFAULT_CHUNK_SIZE);

            assertThat(server.receivedText()).isEqualTo("EHLO aut.uah.es\r\nMAIL FROM:<a@x.test>\r\n"
                    + "RCPT TO:<b@y.test>\r\nBDAT 30 LAST\r\n" + content + "QUIT\r\n");
            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(result.finalReply()).hasValueSatisfying(r -> assertThat(r.text()).isEqualTo("2.0.0 queued as X"));
            assertThat(result.extensions().chunked()).isTrue();
            assertThat(result.contentBytes()).isEqualTo(30);
        }
    }

    @Test
    void lineEndingsBecomeCrlfAndAFinalCrlfIsAdded() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(envelope(ehlo("CHUNKING"))
                .expect("BDAT 10 LAST").expect("a").expect("b").expect(".c")
                .send("250 ok").expect("QUIT").send("221 bye").build())) {
            send(server, "a\nb\r.c", 1024);

            assertThat(server.receivedText()).contains("BDAT 10 LAST\r\na\r\nb\r\n.c\r\nQUIT\r\n");
        }
    }

    @Test
    void pipelinedChunksSplitMidLineAndTheReplyToLastIsFinal() throws Exception {
        RecordingListener events = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start(ehlo("PIPELINING", "CHUNKING")
                .expect("MAIL").expect("RCPT").send("250 ok", "250 ok")
                .expect("BDAT 4").expect("abcdBDAT 4").expect("efghBDAT 4 LAST").expect("ij")
                .send("250 2.0.0 4 octets", "250 2.0.0 8 octets", "250 2.0.0 queued")
                .expect("QUIT").send("221 bye").build())) {
            SendResult result = send(server, MessageSource.ofString("abcdefghij"),
                    Extensions.defaults().withChunkSize(4), events);

            assertThat(server.receivedText()).isEqualTo("EHLO aut.uah.es\r\nMAIL FROM:<a@x.test>\r\nRCPT TO:<b@y.test>\r\n"
                    + "BDAT 4\r\nabcdBDAT 4\r\nefghBDAT 4 LAST\r\nij\r\nQUIT\r\n");
            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(result.finalReply()).hasValueSatisfying(r -> assertThat(r.text()).isEqualTo("2.0.0 queued"));
            assertThat(events.events()).containsSubsequence("> BDAT 4", "> BDAT 4", "> BDAT 4 LAST",
                    "data 12", "< 250 2.0.0 4 octets", "< 250 2.0.0 8 octets", "< 250 2.0.0 queued", "> QUIT");
        }
    }

    @Test
    void contentOfExactlyOneChunkIsOneLastChunk() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(envelope(ehlo("CHUNKING"))
                .expect("BDAT 6 LAST").expect("abcd").send("250 ok").expect("QUIT").send("221 bye").build())) {
            send(server, "abcd\r\n", 6);

            assertThat(server.receivedText()).contains("RCPT TO:<b@y.test>\r\nBDAT 6 LAST\r\nabcd\r\nQUIT\r\n");
        }
    }

    @Test
    void emptyContentIsBdatZeroLast() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(envelope(ehlo("CHUNKING"))
                .expect("BDAT 0 LAST").send("250 ok").expect("QUIT").send("221 bye").build())) {
            send(server, "", 16);

            assertThat(server.receivedText()).endsWith("RCPT TO:<b@y.test>\r\nBDAT 0 LAST\r\nQUIT\r\n");
        }
    }

    @Test
    void withoutPipeliningEachChunkWaitsForItsReply() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(envelope(ehlo("CHUNKING"))
                .expect("BDAT 4").expect("ab").send("250 ok")
                .expect("BDAT 4").expect("cd").send("250 ok")
                .expect("BDAT 4 LAST").expect("ef").send("250 done")
                .expect("QUIT").send("221 bye").build())) {
            RecordingListener events = new RecordingListener();
            SendResult result = send(server, MessageSource.ofString("ab\r\ncd\r\nef\r\n"),
                    Extensions.defaults().withChunkSize(4), events);

            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(events.events()).containsSubsequence("> BDAT 4", "< 250 ok", "> BDAT 4", "< 250 ok",
                    "> BDAT 4 LAST", "< 250 done");
        }
    }

    @Test
    void aRefusedChunkStopsTheContentAndIsFollowedByRset() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(envelope(ehlo("CHUNKING"))
                .expect("BDAT 4").expect("ab").send("250 ok")
                .expect("BDAT 4").expect("cd").send("552 5.3.4 message too big")
                .expect("RSET").send("250 reset").expect("QUIT").send("221 bye").build())) {
            SendResult result = send(server, "ab\r\ncd\r\nef\r\n", 4);

            assertThat(server.receivedText()).doesNotContain("ef").endsWith("cd\r\nRSET\r\nQUIT\r\n");
            assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(result.stage()).isEqualTo(Stage.CONTENT);
            assertThat(result.refusal()).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(552));
        }
    }

    @Test
    void manyPipelinedChunksAreReadAsTheyComeBack() throws Exception {
        Script.Builder script = ehlo("PIPELINING", "CHUNKING").expect("MAIL").expect("RCPT").send("250 ok", "250 ok");
        for (int i = 0; i < 19; i++) {
            script.expect("BDAT 2").expect("").send("250 ok " + i);
        }
        script.expect("BDAT 2 LAST").expect("").send("250 all done").expect("QUIT").send("221 bye");
        try (ScriptedServer server = ScriptedServer.start(script.build())) {
            SendResult result = send(server, "\n".repeat(20), 2);

            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(result.finalReply()).hasValueSatisfying(r -> assertThat(r.text()).isEqualTo("all done"));
            assertThat(result.contentBytes()).isEqualTo(40);
        }
    }

    @Test
    void chunkingOffUsesData() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(ExtensionScripts.acceptOne(ehlo("CHUNKING")))) {
            SendResult result = send(server, MessageSource.ofString("x\r\n"),
                    Extensions.defaults().withChunking(false), new RecordingListener());

            assertThat(result.extensions().chunked()).isFalse();
            assertThat(server.receivedText()).contains("DATA\r\nx\r\n.\r\n");
        }
    }

    @Test
    void binaryMimeSendsTheBytesUntouched() throws Exception {
        byte[] content = "x\0y\rz\r\n".getBytes(StandardCharsets.ISO_8859_1);
        try (ScriptedServer server = ScriptedServer.start(envelope(ehlo("CHUNKING", "BINARYMIME", "8BITMIME"))
                .expect("BDAT 7 LAST").expectAnyLine().send("250 ok").expect("QUIT").send("221 bye").build())) {
            SendResult result = send(server, MessageSource.ofBytes(content),
                    Extensions.defaults().withBinaryMime(true), new RecordingListener());

            assertThat(server.receivedText()).contains("MAIL FROM:<a@x.test> BODY=BINARYMIME\r\n",
                    "BDAT 7 LAST\r\nx\0y\rz\r\nQUIT\r\n");
            assertThat(result.extensions().body()).isEqualTo(ExtensionsUsed.Body.BINARY_MIME);
        }
    }

    @Test
    void binaryMimeNotOfferedStopsBeforeMail() {
        try (ScriptedServer server = ScriptedServer.start(onlyQuit(ehlo("CHUNKING")))) {
            ExtensionStop stop = catchThrowableOfType(ExtensionStop.class, () -> send(server,
                    MessageSource.ofString("x"), Extensions.defaults().withBinaryMime(true), new RecordingListener()));

            assertThat(stop.reason()).isEqualTo(ExtensionStop.Reason.BINARYMIME_NOT_SUPPORTED);
            assertThat(server.receivedText()).isEqualTo("EHLO aut.uah.es\r\nQUIT\r\n");
        }
    }
}
