package dev.pigeon.client;

import static dev.pigeon.client.ClientFixtures.TIMEOUTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pigeon.client.SendResult.Outcome;
import dev.pigeon.message.MessageSource;
import dev.pigeon.protocol.Reply;
import dev.pigeon.testing.RecordingListener;
import dev.pigeon.testing.UnixSocketFake;
import dev.pigeon.testing.UnixSocketFake.ReadData;
import dev.pigeon.testing.UnixSocketFake.ReadLine;
import dev.pigeon.testing.UnixSocketFake.Send;
import dev.pigeon.testing.UnixSocketFake.Silence;
import dev.pigeon.transport.Timeouts;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Sending over a unix-domain socket: the same wire as TCP, and reply deadlines that still hold. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UnixSocketSendTest {
    @TempDir
    Path dir;

    private static SmtpClient.Builder client(Protocol protocol, Timeouts timeouts, SessionListener listener) {
        return SmtpClient.builder().helo("client.test").protocol(protocol).timeouts(timeouts).listener(listener);
    }

    @Test
    void lmtpOverAUnixSocketDeliversPerRecipient() throws Exception {
        List<Path> connected = new ArrayList<>();
        RecordingListener events = new RecordingListener();
        SessionListener listener = SessionListener.of(List.of(events, new SessionListener() {
            @Override
            public void connected(Path unixSocket) {
                connected.add(unixSocket);
            }
        }));
        try (UnixSocketFake fake = UnixSocketFake.start(dir.resolve("lmtp"),
                new Send("220 dovecot ready"), new ReadLine(),
                new Send("250-dovecot", "250-STARTTLS", "250 PIPELINING"),
                new ReadLine(), new Send("250 2.1.0 ok"),
                new ReadLine(), new Send("250 2.1.5 ok"),
                new ReadLine(), new Send("250 2.1.5 ok"),
                new ReadLine(), new Send("354 go"), new ReadData(),
                new Send("250 2.0.0 <b@y.test> saved", "550 5.1.1 <c@y.test> gone"),
                new ReadLine(), new Send("221 bye"))) {
            SendResult result = client(Protocol.LMTP, TIMEOUTS, listener).build()
                    .send(fake.path(), Envelope.of("a@x.test", "b@y.test", "c@y.test"),
                            MessageSource.ofString("Subject: t\r\n\r\nhi\r\n"));

            // STARTTLS is offered but a unix-domain socket has no TLS: the default policy goes on in plain.
            assertThat(fake.receivedText()).isEqualTo("LHLO client.test\r\nMAIL FROM:<a@x.test>\r\n"
                    + "RCPT TO:<b@y.test>\r\nRCPT TO:<c@y.test>\r\nDATA\r\n"
                    + "Subject: t\r\n\r\nhi\r\n.\r\nQUIT\r\n");
            assertThat(result.outcome()).isEqualTo(Outcome.PARTIALLY_DELIVERED);
            assertThat(result.recipients()).extracting(r -> r.deliveryReply().map(Reply::code).orElseThrow())
                    .containsExactly(250, 550);
            assertThat(connected).containsExactly(fake.path());
            assertThat(events.events()).doesNotContain("connected").contains("> LHLO client.test");
        }
    }

    @Test
    void esmtpWorksOverAUnixSocketToo() throws Exception {
        try (UnixSocketFake fake = UnixSocketFake.start(dir.resolve("smtp"),
                new Send("220 ready"), new ReadLine(), new Send("250 ok"),
                new ReadLine(), new Send("250 ok"), new ReadLine(), new Send("250 ok"),
                new ReadLine(), new Send("354 go"), new ReadData(), new Send("250 queued"),
                new ReadLine(), new Send("221 bye"))) {
            SendResult result = client(Protocol.ESMTP, TIMEOUTS, SessionListener.NONE).build()
                    .send(fake.path(), Envelope.of("a@x.test", "b@y.test"), MessageSource.ofString("hi\r\n"));

            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(fake.receivedText()).startsWith("EHLO client.test\r\n").endsWith("hi\r\n.\r\nQUIT\r\n");
        }
    }

    @Test
    void aSilentServerTimesOutWithinTheReplyDeadline() throws Exception {
        Duration deadline = Duration.ofMillis(300);
        try (UnixSocketFake fake = UnixSocketFake.start(dir.resolve("silent"), new Silence())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client(Protocol.LMTP, Timeouts.uniform(deadline), SessionListener.NONE).build()
                    .send(fake.path(), Envelope.of("a@x.test", "b@y.test"), MessageSource.ofString("hi\r\n")))
                    .isInstanceOfSatisfying(SessionException.class, e -> {
                        assertThat(e.stage()).isEqualTo(Stage.GREETING);
                        assertThat(e.getCause()).isInstanceOf(SocketTimeoutException.class);
                        assertThat(e.getMessage()).contains("no complete reply within 300 ms");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void silenceAfterTheDataTimesOutToo() throws Exception {
        try (UnixSocketFake fake = UnixSocketFake.start(dir.resolve("silent-after-data"),
                new Send("220 ready"), new ReadLine(), new Send("250 ok"),
                new ReadLine(), new Send("250 ok"), new ReadLine(), new Send("250 ok"),
                new ReadLine(), new Send("354 go"), new ReadData(), new Silence())) {
            assertThatThrownBy(() -> client(Protocol.LMTP, Timeouts.uniform(Duration.ofMillis(300)),
                    SessionListener.NONE).build()
                    .send(fake.path(), Envelope.of("a@x.test", "b@y.test"), MessageSource.ofString("hi\r\n")))
                    .isInstanceOfSatisfying(LmtpIncompleteException.class, e -> {
                        assertThat(e.possiblyDelivered()).isTrue();
                        assertThat(e.getCause()).isInstanceOf(SocketTimeoutException.class);
                    });
        }
    }

    @Test
    void aMissingSocketIsAConnectFailureNamingThePath() {
        Path missing = dir.resolve("nobody-listens");
        assertThatThrownBy(() -> client(Protocol.LMTP, TIMEOUTS, SessionListener.NONE).build()
                .send(missing, Envelope.of("a@x.test", "b@y.test"), MessageSource.ofString("hi\r\n")))
                .isInstanceOfSatisfying(SessionException.class, e -> {
                    assertThat(e.stage()).isEqualTo(Stage.CONNECT);
                    assertThat(e.getCause()).isInstanceOf(ConnectException.class);
                    assertThat(e.getMessage()).contains("unix socket " + missing);
                });
    }

    @Test
    void requiredTlsIsRefusedBeforeConnecting() {
        SmtpClient client = client(Protocol.LMTP, TIMEOUTS, SessionListener.NONE)
                .tls(TlsFixtures.policy(TlsMode.STARTTLS_REQUIRED, TlsFixtures.LOCAL)).build();

        assertThatThrownBy(() -> client.openUnix(dir.resolve("any")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no TLS");
    }
}
