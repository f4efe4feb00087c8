package dev.pigeon.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pigeon.client.Envelope;
import dev.pigeon.client.SendResult;
import dev.pigeon.client.SessionException;
import dev.pigeon.client.SmtpClient;
import dev.pigeon.client.Stage;
import dev.pigeon.client.TlsMode;
import dev.pigeon.client.TlsPolicy;
import dev.pigeon.message.MessageSource;
import dev.pigeon.testing.Script;
import dev.pigeon.testing.ScriptedConnection;
import dev.pigeon.testing.ScriptedServer;
import dev.pigeon.tls.CertifiedKey;
import dev.pigeon.tls.PublicKeyPin;
import dev.pigeon.tls.SelfSignedCertificate;
import dev.pigeon.tls.ServerTls;
import dev.pigeon.tls.TlsSettings;
import dev.pigeon.transport.Timeouts;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server switches certificates between connections: the same client (built once, reused, as
 * a bulk sender would) must verify each handshake afresh, not trust what it accepted before.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CertificateSwitchTest {

    private static Script underTls(SSLContext context, boolean delivers) {
        Script.Builder b = Script.builder().send("220 hostile.test ESMTP").expect("EHLO ")
                .send("250-hostile.test", "250 STARTTLS").expect("STARTTLS").send("220 go").startTls(context);
        if (delivers) {
            b.expect("EHLO ").send("250 tls.hostile.test").expect("MAIL FROM:").send("250 ok").expect("RCPT TO:")
                    .send("250 ok").expect("DATA").send("354 go").expectData().send("250 queued").expect("QUIT")
                    .send("221 bye");
        }
        return b.build();
    }

    private static SmtpClient client(TlsSettings settings) {
        return SmtpClient.builder().helo("client.test").timeouts(Timeouts.uniform(Duration.ofSeconds(5)))
                .tls(TlsPolicy.of(TlsMode.STARTTLS_REQUIRED, settings)).build();
    }

    private static void assertSecondRefused(SmtpClient client, ScriptedServer server) throws Exception {
        SendResult first = client.send(server.host(), server.port(), Envelope.of("a@example.org", "b@example.org"),
                MessageSource.ofString("hi\r\n"));
        assertThat(first.outcome()).isEqualTo(SendResult.Outcome.DELIVERED);

        long start = System.nanoTime();
        SessionException e = catchThrowableOfType(SessionException.class, () -> client.send(server.host(),
                server.port(), Envelope.of("a@example.org", "b@example.org"), MessageSource.ofString("hi\r\n")));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

        assertThat(e).isNotNull();
        assertThat(e.stage()).isEqualTo(Stage.TLS);
        assertThat(e.getCause()).isInstanceOf(SSLException.class);
        ScriptedConnection second = server.connection(1).awaitEnd(Duration.ofSeconds(10));
        assertThat(second.linesBeforeTls()).hasSize(2).last().isEqualTo("STARTTLS");
        assertThat(second.linesUnderTls()).isEmpty();
        assertThat(second.receivedText()).doesNotContain("MAIL");
    }

    @Test
    void aPinnedKeyIsCheckedOnEveryConnection() throws Exception {
        CertifiedKey first = SelfSignedCertificate.generateLocal();
        CertifiedKey other = SelfSignedCertificate.generateLocal();
        TlsSettings pinned = TlsSettings.builder().trust(List.of(first.chain().getFirst(), other.chain().getFirst()))
                .pin(PublicKeyPin.of(first.chain().getFirst())).build();
        try (ScriptedServer server = ScriptedServer.start(underTls(ServerTls.context(first), true),
                underTls(ServerTls.context(other), false))) {
            assertSecondRefused(client(pinned), server);
        }
    }

    @Test
    void aTrustedCertificateDoesNotVouchForAnUntrustedOne() throws Exception {
        CertifiedKey trusted = SelfSignedCertificate.generateLocal();
        CertifiedKey stranger = SelfSignedCertificate.generateLocal();
        TlsSettings settings = TlsSettings.builder().trust(trusted.chain()).build();
        try (ScriptedServer server = ScriptedServer.start(underTls(ServerTls.context(trusted), true),
                underTls(ServerTls.context(stranger), false))) {
            assertSecondRefused(client(settings), server);
        }
    }
}
