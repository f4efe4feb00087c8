package dev.pigeon.client;

import static dev.pigeon.client.ClientFixtures.client;
import static dev.pigeon.client.ExtensionScripts.acceptOne;
import static dev.pigeon.client.ExtensionScripts.ehlo;
import static dev.pigeon.client.ExtensionScripts.onlyQuit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pigeon.client.SendResult.Outcome;
import dev.pigeon.message.MessageSource;
import dev.pigeon.protocol.Mailbox;
import dev.pigeon.testing.RecordingListener;
import dev.pigeon.testing.ScriptedServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SIZE, 8BITMIME, SMTPUTF8 and DSN parameters: exact MAIL/RCPT lines, and the stops before MAIL. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ExtensionParametersTest {
    private static final Envelope ENVELOPE = Envelope.of("a@x.test", "b@y.test");

    private static SendResult send(ScriptedServer server, Envelope envelope, MessageSource message,
                                   Extensions extensions) throws SessionException {
        return client(Protocol.ESMTP, new RecordingListener()).extensions(extensions).build()
                .send(server.host(), server.port(), envelope, message);
    }

    private static SendResult send(ScriptedServer server, MessageSource message) throws SessionException {
        return send(server, ENVELOPE, message, Extensions.defaults());
    }

    @Test
    void sizeIsDeclaredWhenOfferedAndKnown() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(acceptOne(ehlo("SIZE 1000")))) {
            SendResult result = send(server, MessageSource.ofString("0123456789\r\n"));

            assertThat(server.receivedLines()).contains("MAIL FROM:<a@x.test> SIZE=12");
            assertThat(result.extensions().declaredSize()).hasValue(12);
        }
    }

    @Test
    void sizeWithoutALimitIsStillDeclared() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(acceptOne(ehlo("SIZE")))) {
            send(server, MessageSource.ofString("abc"));

            // RFC 1870 counts what goes on the wire: "abc" CRLF
            assertThat(server.receivedLines()).contains("MAIL FROM:<a@x.test> SIZE=5");
        }
    }

    @Test
    void sizeOfAStreamIsUnknownSoNotDeclared() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(acceptOne(ehlo("SIZE 1000")))) {
            SendResult result = send(server, MessageSource.ofStream(
                    new ByteArrayInputStream("abc\r\n".getBytes(StandardCharsets.US_ASCII))));

            assertThat(server.receivedLines()).contains("MAIL FROM:<a@x.test>");
            assertThat(result.extensions().declaredSize()).isEmpty();
        }
    }

    @Test
    void aMessageOverTheLimitIsRefusedBeforeMailAndNothingIsSent() {
        try (ScriptedServer server = ScriptedServer.start(onlyQuit(ehlo("PIPELINING", "SIZE 10")))) {
            ExtensionStop stop = catchThrowableOfType(ExtensionStop.class,
                    () -> send(server, MessageSource.ofString("01234567890")));

            assertThat(stop.reason()).isEqualTo(ExtensionStop.Reason.MESSAGE_TOO_BIG);
            assertThat(stop.stage()).isEqualTo(Stage.MAIL);
            assertThat(stop.getMessage()).contains("13 bytes", "10 bytes");
            assertThat(server.receivedText()).isEqualTo("EHLO aut.uah.es\r\nQUIT\r\n");
        }
    }

    @Test
    void exactlyTheLimitIsSent() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(acceptOne(ehlo("SIZE 10")))) {
            assertThat(send(server, MessageSource.ofString("01234567\r\n")).outcome()).isEqualTo(Outcome.DELIVERED);
        }
    }

    @Test
    void eightBitContentGetsBody8bitmime() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(acceptOne(ehlo("8BITMIME")))) {
            SendResult result = send(server, MessageSource.ofString("Grüße\r\n"));

            assertThat(server.receivedLines()).contains("MAIL FROM:<a@x.test> BODY=8BITMIME");
            assertThat(result.extensions().body()).isEqualTo(ExtensionsUsed.Body.EIGHT_BIT_MIME);
        }
    }

    @Test
    void sevenBitContentGetsNoBodyParameter() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(acceptOne(ehlo("8BITMIME")))) {
            send(server, MessageSource.ofString("plain\r\n"));

            assertThat(server.receivedLines()).contains("MAIL FROM:<a@x.test>");
        }
    }

    @Test
    void eightBitContentWithout8bitmimeIsRefusedBeforeMail() {
        try (ScriptedServer server = ScriptedServer.start(onlyQuit(ehlo("SIZE")))) {
            ExtensionStop stop = catchThrowableOfType(ExtensionStop.class,
                    () -> send(server, MessageSource.ofString("Grüße\r\n")));

            assertThat(stop.reason()).isEqualTo(ExtensionStop.Reason.EIGHT_BIT_NOT_SUPPORTED);
            assertThat(stop.cutOff()).isFalse();
            assertThat(server.receivedText()).isEqualTo("EHLO aut.uah.es\r\nQUIT\r\n");
        }
    }

    @Test
    void anEightBitFileIsScannedAndRefusedBeforeMail(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("m.eml"), "Subject: x\r\n\r\ncaf\u00e9\r\n".getBytes(StandardCharsets.UTF_8));
        try (ScriptedServer server = ScriptedServer.start(onlyQuit(ehlo("SIZE")))) {
            ExtensionStop stop = catchThrowableOfType(ExtensionStop.class, () -> send(server, MessageSource.ofFile(file)));

            assertThat(stop.reason()).isEqualTo(ExtensionStop.Reason.EIGHT_BIT_NOT_SUPPORTED);
            assertThat(server.receivedText()).isEqualTo("EHLO aut.uah.es\r\nQUIT\r\n");
        }
    }

    @Test
    void anEightBitFileToAn8bitmimeServerIsDeclared(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("m.eml"), "caf\u00e9\r\n".getBytes(StandardCharsets.UTF_8));
        try (ScriptedServer server = ScriptedServer.start(acceptOne(ehlo("8BITMIME")))) {
            send(server, MessageSource.ofFile(file));

            assertThat(server.receivedLines()).contains("MAIL FROM:<a@x.test> BODY=8BITMIME");
        }
    }

    @Test
    void anEightBitStreamWithout8bitmimeIsCutOffBeforeItsEnd() {
        byte[] content = "line one\r\ncaf\u00e9\r\n".getBytes(StandardCharsets.UTF_8);
        try (ScriptedServer server = ScriptedServer.start(ehlo("SIZE").expect("MAIL").send("250 ok")
                .expect("RCPT").send("250 ok").expect("DATA").send("354 go").build())) {
            ExtensionStop stop = catchThrowableOfType(ExtensionStop.class,
                    () -> send(server, MessageSource.ofStream(new ByteArrayInputStream(content))));

            assertThat(stop.reason()).isEqualTo(ExtensionStop.Reason.EIGHT_BIT_NOT_SUPPORTED);
            assertThat(stop.cutOff()).isTrue();
            assertThat(stop.stage()).isEqualTo(Stage.CONTENT);
            String wire = server.receivedText();
            assertThat(wire).doesNotContain("caf").doesNotEndWith(".\r\n").doesNotContain("QUIT");
        }
    }

    @Test
    void utf8AddressesGoAsTheyAreWithSmtputf8() throws Exception {
        Envelope envelope = Envelope.of("jöran@bücher.test", "user@例え.test");
        try (ScriptedServer server = ScriptedServer.start(acceptOne(ehlo("8BITMIME", "SMTPUTF8")))) {
            SendResult result = send(server, envelope, MessageSource.ofString("x\r\n"), Extensions.defaults());

            byte[] wire = server.receivedBytes();
            String utf8 = new String(wire, StandardCharsets.UTF_8);
            assertThat(utf8).contains("MAIL FROM:<jöran@bücher.test> SMTPUTF8\r\n", "RCPT TO:<user@例え.test>\r\n");
            assertThat(result.extensions().smtputf8()).isTrue();
        }
    }

    @Test
    void idnDomainsBecomeALabelsWithoutSmtputf8() throws Exception {
        Envelope envelope = Envelope.of("a@bücher.test", "user@例え.test");
        try (ScriptedServer server = ScriptedServer.start(acceptOne(ehlo("8BITMIME")))) {
            SendResult result = send(server, envelope, MessageSource.ofString("x\r\n"), Extensions.defaults());

            assertThat(server.receivedLines()).contains("MAIL FROM:<a@xn--bcher-kva.test>", "RCPT TO:<user@xn--r8jz45g.test>");
            assertThat(result.extensions().smtputf8()).isFalse();
            assertThat(result.recipients().getFirst().recipient()).isEqualTo(Mailbox.parse("user@例え.test"));
        }
    }

    @Test
    void aUtf8LocalPartWithoutSmtputf8IsRefusedBeforeMail() {
        Envelope envelope = Envelope.of("a@x.test", "jöran@y.test");
        try (ScriptedServer server = ScriptedServer.start(onlyQuit(ehlo("8BITMIME")))) {
            ExtensionStop stop = catchThrowableOfType(ExtensionStop.class,
                    () -> send(server, envelope, MessageSource.ofString("x\r\n"), Extensions.defaults()));

            assertThat(stop.reason()).isEqualTo(ExtensionStop.Reason.UTF8_ADDRESS_NOT_SUPPORTED);
            assertThat(stop.getMessage()).contains("jöran@y.test", "SMTPUTF8");
            assertThat(server.receivedText()).isEqualTo("EHLO aut.uah.es\r\nQUIT\r\n");
        }
    }

    @Test
    void dsnParametersAreExactWithXtext() throws Exception {
        Dsn dsn = new Dsn(EnumSet.of(Dsn.Notify.FAILURE, Dsn.Notify.SUCCESS), Optional.of(Dsn.Ret.HDRS),
                Optional.of("id+1=2 x"));
        Envelope envelope = Envelope.of("a@x.test", "b+tag@y.test");
        try (ScriptedServer server = ScriptedServer.start(acceptOne(ehlo("DSN")))) {
            SendResult result = send(server, envelope, MessageSource.ofString("x\r\n"), Extensions.defaults().withDsn(dsn));

            assertThat(server.receivedLines()).contains(
                    "MAIL FROM:<a@x.test> RET=HDRS ENVID=id+2B1+3D2+20x",
                    "RCPT TO:<b+tag@y.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b+2Btag@y.test");
            assertThat(result.extensions().dsn()).isTrue();
            assertThat(result.notices()).isEmpty();
        }
    }

    @Test
    void dsnNeverAlone() throws Exception {
        Dsn dsn = Dsn.none().withNotify(EnumSet.of(Dsn.Notify.NEVER));
        try (ScriptedServer server = ScriptedServer.start(acceptOne(ehlo("DSN")))) {
            send(server, ENVELOPE, MessageSource.ofString("x\r\n"), Extensions.defaults().withDsn(dsn));

            assertThat(server.receivedLines()).contains("MAIL FROM:<a@x.test>",
                    "RCPT TO:<b@y.test> NOTIFY=NEVER ORCPT=rfc822;b@y.test");
        }
    }

    @Test
    void dsnForAUtf8RecipientUsesUtf8AddrXtext() throws Exception {
        Dsn dsn = Dsn.none().withNotify(EnumSet.of(Dsn.Notify.FAILURE));
        Envelope envelope = Envelope.of("a@x.test", "jö+r@y.test");
        try (ScriptedServer server = ScriptedServer.start(acceptOne(ehlo("DSN", "SMTPUTF8")))) {
            send(server, envelope, MessageSource.ofString("x\r\n"), Extensions.defaults().withDsn(dsn));

            assertThat(new String(server.receivedBytes(), StandardCharsets.UTF_8))
                    .contains("RCPT TO:<jö+r@y.test> NOTIFY=FAILURE ORCPT=utf-8;j\\x{F6}\\x{2B}r@y.test\r\n");
        }
    }

    @Test
    void dsnNotOfferedIsLeftOutWithANotice() throws Exception {
        Dsn dsn = Dsn.none().withRet(Dsn.Ret.FULL);
        try (ScriptedServer server = ScriptedServer.start(acceptOne(ehlo("8BITMIME")))) {
            SendResult result = send(server, ENVELOPE, MessageSource.ofString("x\r\n"), Extensions.defaults().withDsn(dsn));

            assertThat(server.receivedLines()).contains("MAIL FROM:<a@x.test>", "RCPT TO:<b@y.test>");
            assertThat(result.extensions().dsn()).isFalse();
            assertThat(result.notices()).singleElement().asString().contains("does not offer DSN");
        }
    }

    @Test
    void allParametersTogetherInRfcOrder() throws Exception {
        Dsn dsn = Dsn.none().withRet(Dsn.Ret.FULL).withEnvid("e1");
        Envelope envelope = new Envelope(Mailbox.parse("ä@x.test"), List.of(Mailbox.parse("b@y.test")));
        try (ScriptedServer server = ScriptedServer.start(acceptOne(ehlo("SIZE 100", "8BITMIME", "SMTPUTF8", "DSN")))) {
            send(server, envelope, MessageSource.ofString("é\r\n"), Extensions.defaults().withDsn(dsn));

            assertThat(new String(server.receivedBytes(), StandardCharsets.UTF_8))
                    .contains("MAIL FROM:<ä@x.test> SIZE=4 BODY=8BITMIME SMTPUTF8 RET=FULL ENVID=e1\r\n"
                            + "RCPT TO:<b@y.test> ORCPT=rfc822;b@y.test\r\n");
        }
    }
}
