package dev.pigeon.client;

import static dev.pigeon.client.ClientFixtures.LAB_FROM;
import static dev.pigeon.client.ClientFixtures.LAB_TO;
import static dev.pigeon.client.ClientFixtures.sendLab;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.client.SendResult.Outcome;
import dev.pigeon.testing.RecordingListener;
import dev.pigeon.testing.Script;
import dev.pigeon.testing.ScriptedServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code --quit-after STAGE}: the wire stops right after that stage, with a QUIT where one is possible. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SmtpClientQuitAfterTest {
    private static final String HELLO = "EHLO aut.uah.es\r\n";
    private static final String MAIL = "MAIL FROM:<" + LAB_FROM + ">\r\n";
    private static final String RCPT = "RCPT TO:<" + LAB_TO + ">\r\n";

    private static SendResult sendStoppingAfter(Stage stage, ScriptedServer server) throws Exception {
        return sendLab(ClientFixtures.client(Protocol.ESMTP, new RecordingListener()).quitAfter(stage).build(), server);
    }

    private static void assertStopped(SendResult result, Stage stage) {
        assertThat(result.outcome()).isEqualTo(Outcome.STOPPED);
        assertThat(result.stage()).isEqualTo(stage);
        assertThat(result.contentBytes()).isZero();
    }

    @Test
    void afterConnectNothingIsSentNotEvenAGreetingIsAwaited() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder().expectEof().build())) {
            SendResult result = sendStoppingAfter(Stage.CONNECT, server);

            assertStopped(result, Stage.CONNECT);
            assertThat(server.receivedBytes()).isEmpty();
            assertThat(server.connection(0).clientClosed()).isTrue();
        }
    }

    @Test
    void afterGreeting() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .send("220 mx").expect("QUIT").send("221 bye").build())) {
            assertStopped(sendStoppingAfter(Stage.GREETING, server), Stage.GREETING);
            assertThat(server.receivedText()).isEqualTo("QUIT\r\n");
        }
    }

    @Test
    void afterHello() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .send("220 mx").expect("EHLO").send("250 mx").expect("QUIT").send("221 bye").build())) {
            assertStopped(sendStoppingAfter(Stage.HELLO, server), Stage.HELLO);
            assertThat(server.receivedText()).isEqualTo(HELLO + "QUIT\r\n");
        }
    }

    @Test
    void afterMail() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .send("220 mx").expect("EHLO").send("250 mx").expect("MAIL").send("250 ok")
                .expect("QUIT").send("221 bye").build())) {
            assertStopped(sendStoppingAfter(Stage.MAIL, server), Stage.MAIL);
            assertThat(server.receivedText()).isEqualTo(HELLO + MAIL + "QUIT\r\n");
        }
    }

    @Test
    void afterRcpt() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .send("220 mx").expect("EHLO").send("250 mx").expect("MAIL").send("250 ok")
                .expect("RCPT").send("250 ok").expect("QUIT").send("221 bye").build())) {
            SendResult result = sendStoppingAfter(Stage.RCPT, server);

            assertStopped(result, Stage.RCPT);
            assertThat(result.recipients()).hasSize(1);
            assertThat(server.receivedText()).isEqualTo(HELLO + MAIL + RCPT + "QUIT\r\n");
        }
    }

    /**
     * After a 354 anything sent would be message content, QUIT included: the client closes without
     * another byte (as swaks does), so the wire ends with DATA.
     */
    @Test
    void afterDataTheClientClosesWithoutContentOrQuit() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .send("220 mx").expect("EHLO").send("250 mx").expect("MAIL").send("250 ok")
                .expect("RCPT").send("250 ok").expect("DATA").send("354 go").expectEof().build())) {
            assertStopped(sendStoppingAfter(Stage.DATA, server), Stage.DATA);
            assertThat(server.receivedText()).isEqualTo(HELLO + MAIL + RCPT + "DATA\r\n");
        }
    }

    @Test
    void aRefusalBeforeTheStopStageIsStillARefusal() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .send("220 mx").expect("EHLO").send("250 mx").expect("MAIL").send("550 no")
                .expect("QUIT").send("221 bye").build())) {
            SendResult result = sendStoppingAfter(Stage.RCPT, server);

            assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(result.stage()).isEqualTo(Stage.MAIL);
            assertThat(server.receivedText()).isEqualTo(HELLO + MAIL + "QUIT\r\n");
        }
    }
}
