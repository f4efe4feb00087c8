package dev.pigeon.client;

import static dev.pigeon.client.ClientFixtures.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pigeon.client.SendResult.Outcome;
import dev.pigeon.message.MessageSource;
import dev.pigeon.protocol.Mailbox;
import dev.pigeon.server.ClientInfo;
import dev.pigeon.server.Decision;
import dev.pigeon.server.MailReceiver;
import dev.pigeon.server.ReceivedMessage;
import dev.pigeon.server.SmtpServer;
import dev.pigeon.testing.RecordingListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end against pigeon's own server, which offers PIPELINING, 8BITMIME and SIZE (not
 * CHUNKING, DSN or SMTPUTF8): a pipelined transaction with one refused recipient, SIZE declared,
 * 8-bit content delivered intact, and the SIZE stop.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExtensionsEmbeddedServerIT {
    @TempDir
    Path maildir;

    private SmtpServer.Builder server() {
        MailReceiver refuseNobody = new MailReceiver() {
            @Override
            public Decision onRecipient(ClientInfo client, Mailbox from, Mailbox to) {
                return to.localPart().equals("nobody") ? Decision.reject(550, "5.1.1 no such user") : Decision.accept();
            }
        };
        return SmtpServer.builder().port(0).maildir(maildir).receiver(refuseNobody);
    }

    @Test
    void pipelinedTransactionDeliversToTheAcceptedAndKeeps8BitContent() throws Exception {
        String text = "Subject: Grüße\r\n\r\n.dot line\r\nGrüße aus Köln\r\n";
        RecordingListener events = new RecordingListener();
        try (SmtpServer server = server().build().start()) {
            SendResult result = client(Protocol.ESMTP, events).build().send("127.0.0.1", server.port(),
                    Envelope.of("a@x.test", "b@y.test", "nobody@y.test", "c@y.test"), MessageSource.ofString(text));

            assertThat(result.outcome()).isEqualTo(Outcome.PARTIALLY_DELIVERED);
            assertThat(result.extensions().pipelined()).isTrue();
            assertThat(result.extensions().body()).isEqualTo(ExtensionsUsed.Body.EIGHT_BIT_MIME);
            assertThat(result.extensions().declaredSize()).hasValue(text.getBytes(StandardCharsets.UTF_8).length);
            assertThat(result.refusedRecipients()).singleElement()
                    .satisfies(r -> assertThat(r.reply().enhancedStatus().orElseThrow().meaning())
                            .isEqualTo("bad destination mailbox address"));
            assertThat(events.events()).containsSubsequence("> RCPT TO:<c@y.test>", "> DATA", "< 250 2.1.0 Sender OK");
            ReceivedMessage m = server.inbox().awaitMessage(Duration.ofSeconds(10));
            assertThat(m.envelope().recipients()).extracting(Mailbox::address).containsExactly("b@y.test", "c@y.test");
            assertThat(new String(m.content(), StandardCharsets.UTF_8)).isEqualTo(text);
        }
    }

    @Test
    void everyRecipientRefusedInTheBatchStoresNothing() throws Exception {
        try (SmtpServer server = server().build().start()) {
            SendResult result = client(Protocol.ESMTP).send("127.0.0.1", server.port(),
                    Envelope.of("a@x.test", "nobody@y.test"), MessageSource.ofString("x\r\n"));

            assertThat(result.outcome()).isEqualTo(Outcome.ALL_RECIPIENTS_REFUSED);
            assertThat(result.contentBytes()).isZero();
            assertThat(server.inbox().size()).isZero();
        }
    }

    @Test
    void aMessageOverTheServersSizeIsNotSent() throws Exception {
        try (SmtpServer server = server().limits(dev.pigeon.server.ServerLimits.defaults().withMaxMessageSize(100))
                .build().start()) {
            ExtensionStop stop = catchThrowableOfType(ExtensionStop.class, () -> client(Protocol.ESMTP)
                    .send("127.0.0.1", server.port(), Envelope.of("a@x.test", "b@y.test"),
                            MessageSource.ofString("x".repeat(101))));

            assertThat(stop.reason()).isEqualTo(ExtensionStop.Reason.MESSAGE_TOO_BIG);
            assertThat(server.inbox().size()).isZero();
        }
    }
}
