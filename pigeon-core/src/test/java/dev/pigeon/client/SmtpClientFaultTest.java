package dev.pigeon.client;

import static dev.pigeon.client.ClientFixtures.LAB_FROM;
import static dev.pigeon.client.ClientFixtures.LAB_TO;
import static dev.pigeon.client.ClientFixtures.client;
import static dev.pigeon.client.ClientFixtures.sendLab;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pigeon.client.SendResult.Outcome;
import dev.pigeon.message.MessageSource;
import dev.pigeon.protocol.SmtpProtocolException;
import dev.pigeon.testing.GeneratedContent;
import dev.pigeon.testing.RecordingListener;
import dev.pigeon.testing.Script;
import dev.pigeon.testing.ScriptedServer;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Servers that go silent, hang up, drip or break the syntax, at every stage of the dialogue. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SmtpClientFaultTest {
    private static final Duration SHORT = Duration.ofMillis(300);
    /** Scheduling slack on a loaded 2-core machine; the point is "bounded", not "precise". */
    private static final Duration MARGIN = Duration.ofMillis(1500);

    /** A well-behaved ESMTP server up to the point where it has read the command of {@code stage}. */
    static Script.Builder upTo(Stage stage) {
        Script.Builder b = Script.builder();
        if (stage == Stage.GREETING) {
            return b;
        }
        b.send("220 mx ESMTP").expect("EHLO ");
        if (stage == Stage.HELLO) {
            return b;
        }
        b.send("250 mx").expect("MAIL FROM:");
        if (stage == Stage.MAIL) {
            return b;
        }
        b.send("250 ok").expect("RCPT TO:");
        if (stage == Stage.RCPT) {
            return b;
        }
        b.send("250 ok").expect("DATA");
        if (stage == Stage.DATA) {
            return b;
        }
        return b.send("354 go").expectData();
    }

    @ParameterizedTest
    @EnumSource(value = Stage.class, names = {"GREETING", "HELLO", "MAIL", "RCPT", "DATA", "CONTENT"})
    void silenceTimesOutAtThatStageInBoundedTime(Stage stage) {
        try (ScriptedServer server = ScriptedServer.start(upTo(stage).stall().build())) {
            SmtpClient client = client(Protocol.ESMTP, new RecordingListener())
                    .timeouts(ClientFixtures.allButConnect(SHORT)).build();
            long start = System.nanoTime();
            SessionException e = catchThrowableOfType(SessionException.class, () -> sendLab(client, server));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(e).isNotNull();
            assertThat(e.stage()).isEqualTo(stage);
            assertThat(e.getCause()).isInstanceOf(SocketTimeoutException.class);
            assertThat(e.possiblyDelivered()).isEqualTo(stage == Stage.CONTENT);
            assertThat(elapsed).isLessThan(SHORT.plus(MARGIN));
            server.connection(0).assertNoFailure();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Stage.class, names = {"GREETING", "HELLO", "MAIL", "RCPT", "DATA", "CONTENT"})
    void hangUpIsEofAtThatStage(Stage stage) {
        try (ScriptedServer server = ScriptedServer.start(upTo(stage).close().build())) {
            SessionException e = catchThrowableOfType(SessionException.class,
                    () -> sendLab(client(Protocol.ESMTP), server));

            assertThat(e).isNotNull();
            assertThat(e.stage()).isEqualTo(stage);
            assertThat(e.getCause()).isInstanceOf(EOFException.class);
            assertThat(e.possiblyDelivered()).isEqualTo(stage == Stage.CONTENT);
            server.awaitEnd();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Stage.class, names = {"GREETING", "HELLO", "MAIL", "RCPT", "DATA", "CONTENT"})
    void hangUpInTheMiddleOfAReplyIsEof(Stage stage) {
        try (ScriptedServer server = ScriptedServer.start(upTo(stage).closeMidReply("250-half a rep").build())) {
            SessionException e = catchThrowableOfType(SessionException.class,
                    () -> sendLab(client(Protocol.ESMTP), server));

            assertThat(e).isNotNull();
            assertThat(e.stage()).isEqualTo(stage);
            assertThat(e.getCause()).isInstanceOf(EOFException.class)
                    .hasMessageContaining("in the middle of a reply");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Stage.class, names = {"GREETING", "HELLO", "MAIL", "RCPT", "DATA", "CONTENT"})
    void malformedReplyIsAProtocolErrorAtThatStage(Stage stage) {
        try (ScriptedServer server = ScriptedServer.start(upTo(stage).sendRaw("250 bare line feed\n").build())) {
            SessionException e = catchThrowableOfType(SessionException.class,
                    () -> sendLab(client(Protocol.ESMTP), server));

            assertThat(e).isNotNull();
            assertThat(e.stage()).isEqualTo(stage);
            assertThat(e.getCause()).isInstanceOf(SmtpProtocolException.class);
            assertThat(e.getMessage()).startsWith("protocol error");
        }
    }

    @Test
    void greetingThatIsNotAReplyIsAProtocolError() {
        try (ScriptedServer server = ScriptedServer.start(Script.builder().send("HTTP/1.1 400 Bad Request").build())) {
            SessionException e = catchThrowableOfType(SessionException.class,
                    () -> sendLab(client(Protocol.ESMTP), server));

            assertThat(e.stage()).isEqualTo(Stage.GREETING);
            assertThat(e.getCause()).isInstanceOf(SmtpProtocolException.class);
        }
    }

    @Test
    void repliesDrippedOneByteEvery20msStillParse() throws Exception {
        Duration every = Duration.ofMillis(20);
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .drip(every, "220 mx")
                .expect("EHLO ").drip(every, "250-mx", "250 SIZE 1000")
                .expect("MAIL ").drip(every, "250 ok")
                .expect("RCPT ").drip(every, "250 ok")
                .expect("DATA").drip(every, "354 go")
                .expectData().drip(every, "250 ok")
                .expect("QUIT").drip(every, "221 by").build())) {
            SendResult result = sendLab(client(Protocol.ESMTP), server);

            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(result.capabilities().sizeLimit()).hasValue(1000);
            assertThat(server.receivedText()).isEqualTo("EHLO aut.uah.es\r\nMAIL FROM:<" + LAB_FROM + "> SIZE=32\r\n"
                    + "RCPT TO:<" + LAB_TO + ">\r\nDATA\r\n" + ClientFixtures.LAB_TEXT + ".\r\nQUIT\r\n");
        }
    }

    /** Each byte arrives well within the timeout, yet the reply as a whole does not: the deadline is per reply. */
    @Test
    void replyDrippedSlowerThanItsTimeoutFailsWhenTheReplyDeadlinePasses() {
        Duration greeting = Duration.ofMillis(400);
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .drip(Duration.ofMillis(50), "220 this greeting takes well over a second to arrive").build())) {
            SmtpClient client = client(Protocol.ESMTP, new RecordingListener())
                    .timeouts(ClientFixtures.withGreeting(greeting)).build();
            long start = System.nanoTime();
            SessionException e = catchThrowableOfType(SessionException.class, () -> sendLab(client, server));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(e.stage()).isEqualTo(Stage.GREETING);
            assertThat(e.getCause()).isInstanceOf(SocketTimeoutException.class)
                    .hasMessage("no complete reply within 400 ms");
            assertThat(elapsed).isBetween(greeting.minusMillis(50), greeting.plus(MARGIN));
        }
    }

    @Test
    void serverThatHalfClosesAfterTheGreetingIsEofAtHello() {
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .send("220 mx").halfClose().expect("EHLO ").build())) {
            SessionException e = catchThrowableOfType(SessionException.class,
                    () -> sendLab(client(Protocol.ESMTP), server));

            assertThat(e.stage()).isEqualTo(Stage.HELLO);
            assertThat(e.getCause()).isInstanceOf(EOFException.class);
            assertThat(server.receivedText()).isEqualTo("EHLO aut.uah.es\r\n");
        }
    }

    @Test
    void connectionResetAfterTheDotMayHaveDelivered() {
        try (ScriptedServer server = ScriptedServer.start(upTo(Stage.CONTENT).reset().build())) {
            SessionException e = catchThrowableOfType(SessionException.class,
                    () -> sendLab(client(Protocol.ESMTP), server));

            assertThat(e.stage()).isEqualTo(Stage.CONTENT);
            assertThat(e.possiblyDelivered()).isTrue();
            assertThat(e.getMessage()).contains("may or may not have been delivered");
        }
    }

    /**
     * A server that refuses in the middle of the content and hangs up: the write fails, at CONTENT,
     * no delivery. (The 552 itself is lost: the client does not look for a reply after a failed write.)
     */
    @Test
    void serverThatRefusesAndHangsUpDuringTheContentFailsAtContent() {
        try (ScriptedServer server = ScriptedServer.builder().receiveBufferSize(64 * 1024)
                .script(upTo(Stage.DATA).send("354 go").send("552 5.3.4 enough").reset().build()).start()) {
            SessionException e = catchThrowableOfType(SessionException.class, () -> ClientFixtures.client(Protocol.ESMTP)
                    .send(server.host(), server.port(), ClientFixtures.labEnvelope(),
                            MessageSource.ofStream(new GeneratedContent(64L << 20))));

            assertThat(e).isNotNull();
            assertThat(e.stage()).isEqualTo(Stage.CONTENT);
            assertThat(e.possiblyDelivered()).isFalse();
        }
    }

    @Test
    void unreadableSourceIsNotBlamedOnTheConnectionAndSendsNoTerminator(@TempDir Path dir) {
        try (ScriptedServer server = ScriptedServer.start(upTo(Stage.DATA).send("354 go").build())) {
            SessionException e = catchThrowableOfType(SessionException.class, () -> ClientFixtures.client(Protocol.ESMTP)
                    .send(server.host(), server.port(), ClientFixtures.labEnvelope(),
                            MessageSource.ofFile(dir.resolve("missing.eml"))));

            assertThat(e.stage()).isEqualTo(Stage.CONTENT);
            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(e.getMessage()).startsWith("cannot read the message content");
            assertThat(e.getCause()).isInstanceOf(NoSuchFileException.class);
            assertThat(server.receivedText()).endsWith("\r\nDATA\r\n");
        }
    }

    @Test
    void sourceFailingMidwayNeverSendsTheTerminator() {
        InputStream failing = new SequenceInputStream(
                new ByteArrayInputStream("partial line\nand more".getBytes(StandardCharsets.US_ASCII)),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("disk on fire");
                    }
                });
        try (ScriptedServer server = ScriptedServer.start(upTo(Stage.DATA).send("354 go").build())) {
            SessionException e = catchThrowableOfType(SessionException.class, () -> ClientFixtures.client(Protocol.ESMTP)
                    .send(server.host(), server.port(), ClientFixtures.labEnvelope(),
                            MessageSource.ofStream(failing)));

            assertThat(e.stage()).isEqualTo(Stage.CONTENT);
            assertThat(e.getMessage()).isEqualTo("cannot read the message content: disk on fire");
            assertThat(server.receivedText()).endsWith("DATA\r\n").doesNotContain("\r\n.\r\n");
        }
    }
}
