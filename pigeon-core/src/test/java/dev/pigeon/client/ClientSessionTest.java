package dev.pigeon.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.message.MessageSource;
import dev.pigeon.protocol.Mailbox;
import dev.pigeon.testing.RecordingListener;
import dev.pigeon.testing.Script;
import dev.pigeon.testing.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The session used directly, one call per command, as bulk sending does. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientSessionTest {

    @Test
    void twoTransactionsOnOneSessionWithRsetBetween() throws Exception {
        Script script = Script.builder()
                .send("220 mx").expect("EHLO").send("250 mx")
                .expect("MAIL").send("250 ok").expect("RCPT").send("250 ok")
                .expect("DATA").send("354 go").expectData().send("250 first")
                .expect("RSET").send("250 reset")
                .expect("MAIL").send("250 ok").expect("RCPT").send("250 ok")
                .expect("DATA").send("354 go").expectData().send("250 second")
                .expect("QUIT").send("221 bye").build();
        RecordingListener events = new RecordingListener();
        SmtpClient client = ClientFixtures.client(Protocol.ESMTP, events).build();
        try (ScriptedServer server = ScriptedServer.start(script)) {
            try (ClientSession session = client.open(server.host(), server.port())) {
                assertThat(session.greeting().code()).isEqualTo(220);
                assertThat(session.ehlo("aut.uah.es").code()).isEqualTo(250);
                assertThat(transaction(session, "a@x.test", "one\r\n").lines()).containsExactly("250 first");
                assertThat(session.rset().code()).isEqualTo(250);
                assertThat(transaction(session, "b@x.test", "two").lines()).containsExactly("250 second");
                assertThat(session.quit().code()).isEqualTo(221);
                assertThat(session.contentBytesSent()).isEqualTo(("one\r\n.\r\n" + "two\r\n.\r\n").length());
            }

            assertThat(server.receivedText()).isEqualTo("EHLO aut.uah.es\r\n"
                    + "MAIL FROM:<s@x.test>\r\nRCPT TO:<a@x.test>\r\nDATA\r\none\r\n.\r\n"
                    + "RSET\r\n"
                    + "MAIL FROM:<s@x.test>\r\nRCPT TO:<b@x.test>\r\nDATA\r\ntwo\r\n.\r\n"
                    + "QUIT\r\n");
            assertThat(server.awaitEnd().dataBlocks()).extracting(b -> new String(b, StandardCharsets.US_ASCII))
                    .containsExactly("one\r\n", "two\r\n");
            assertThat(events.events()).filteredOn(e -> e.startsWith("data ")).containsExactly("data 8", "data 8");
            assertThat(events.events()).last().isEqualTo("closed");
        }
    }

    @Test
    void closeIsIdempotentAndReportsClosedOnce() throws Exception {
        RecordingListener events = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start(Script.builder().send("220 mx").build())) {
            ClientSession session = ClientFixtures.client(Protocol.ESMTP, events).build().open(server.host(), server.port());
            assertThat(session.isOpen()).isTrue();
            session.close();
            session.close();
            assertThat(session.isOpen()).isFalse();
            assertThat(events.events()).filteredOn("closed"::equals).hasSize(1);
        }
    }

    private static dev.pigeon.protocol.Reply transaction(ClientSession session, String to, String text)
            throws SessionException {
        assertThat(session.mail(Mailbox.parse("s@x.test"), List.of()).code()).isEqualTo(250);
        assertThat(session.rcpt(Mailbox.parse(to), List.of()).code()).isEqualTo(250);
        assertThat(session.data().code()).isEqualTo(354);
        return session.content(MessageSource.ofString(text));
    }
}
