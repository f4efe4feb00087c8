package dev.pigeon.client;

import static dev.pigeon.client.ClientFixtures.client;
import static dev.pigeon.client.ClientFixtures.sendLab;
import static dev.pigeon.client.TlsFixtures.LOCAL;
import static dev.pigeon.client.TlsFixtures.OTHER_HOST;
import static dev.pigeon.client.TlsFixtures.policy;
import static dev.pigeon.client.TlsFixtures.serverContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pigeon.client.SendResult.Outcome;
import dev.pigeon.testing.RecordingListener;
import dev.pigeon.testing.Script;
import dev.pigeon.testing.ScriptedConnection;
import dev.pigeon.testing.ScriptedServer;
import dev.pigeon.tls.PublicKeyPin;
import dev.pigeon.tls.TlsSettings;
import dev.pigeon.transport.DataAfterStartTlsException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** STARTTLS and implicit TLS against scripted servers: the wire before and under TLS, and every refusal. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StartTlsClientTest {
    private static final String HELO = "EHLO aut.uah.es";

    /** Greeting and a first EHLO offering STARTTLS (and SIZE, which must be forgotten). */
    private static Script.Builder offeringStartTls() {
        return Script.builder().send("220 scripted.test ESMTP")
                .expect("EHLO ").send("250-scripted.test", "250-SIZE 1000", "250 STARTTLS");
    }

    private static Script.Builder deliveringUnderTls(Script.Builder b) {
        return b.expect("EHLO ").send("250-tls.test", "250 AUTH PLAIN")
                .expect("MAIL FROM:").send("250 ok").expect("RCPT TO:").send("250 ok")
                .expect("DATA").send("354 go").expectData().send("250 queued")
                .expect("QUIT").send("221 bye");
    }

    private static SmtpClient tlsClient(TlsPolicy policy, RecordingListener events) {
        return client(Protocol.ESMTP, events).tls(policy).build();
    }

    @Test
    void startTlsThenEhloAgainAndOnlyTheSecondCapabilitiesCount() throws Exception {
        RecordingListener events = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start(deliveringUnderTls(offeringStartTls()
                .expect("STARTTLS").send("220 go ahead").startTls(serverContext(LOCAL))).build())) {
            SendResult result = sendLab(tlsClient(policy(TlsMode.STARTTLS_REQUIRED, LOCAL), events), server);

            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            ScriptedConnection c = server.connection(0).awaitEnd(Duration.ofSeconds(10));
            assertThat(c.linesBeforeTls()).containsExactly(HELO, "STARTTLS");
            assertThat(c.linesUnderTls()).startsWith(HELO, "MAIL FROM:<arqredes@aut.uah.es>")
                    .endsWith("QUIT");
            assertThat(result.capabilities().has("AUTH")).isTrue();
            assertThat(result.capabilities().has("SIZE")).isFalse();
            assertThat(result.capabilities().has("STARTTLS")).isFalse();
            assertThat(events.events()).containsSubsequence("> STARTTLS", "< 220 go ahead", "tls TLSv1.3",
                    "> " + HELO, "< 250-tls.test");
        }
    }

    @Test
    void opportunisticModeUsesStartTlsWhenOffered() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(deliveringUnderTls(offeringStartTls()
                .expect("STARTTLS").send("220 go ahead").startTls(serverContext(LOCAL))).build())) {
            SendResult result = sendLab(tlsClient(policy(TlsMode.OPPORTUNISTIC, LOCAL), new RecordingListener()), server);

            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(server.connection(0).awaitEnd(Duration.ofSeconds(10)).linesUnderTls()).isNotEmpty();
        }
    }

    @Test
    void dataInTheSameSegmentAsThe220IsRefusedAndNothingMoreIsSent() throws Exception {
        assertInjectionRefused(offeringStartTls().expect("STARTTLS")
                .sendRaw("220 go ahead\r\n250-injected\r\n"));
    }

    @Test
    void aPartialLineAfterThe220IsRefusedToo() throws Exception {
        assertInjectionRefused(offeringStartTls().expect("STARTTLS").sendRaw("220 go ahead\r\nM"));
    }

    @Test
    void dataArrivingWithTheEndOfASplit220IsRefused() throws Exception {
        // The reply comes in two segments, the second carrying the injection behind the CRLF.
        assertInjectionRefused(offeringStartTls().expect("STARTTLS").sendRaw("220 go")
                .pause(Duration.ofMillis(50)).sendRaw(" ahead\r\n250 2.0.0 ok\r\n"));
    }

    private static void assertInjectionRefused(Script.Builder script) throws Exception {
        try (ScriptedServer server = ScriptedServer.start(script.expectEof().build())) {
            SmtpClient client = tlsClient(policy(TlsMode.STARTTLS_REQUIRED, LOCAL), new RecordingListener());

            assertThatThrownBy(() -> sendLab(client, server))
                    .isInstanceOfSatisfying(SessionException.class, e -> {
                        assertThat(e.stage()).isEqualTo(Stage.TLS);
                        assertThat(e.getCause()).isInstanceOf(DataAfterStartTlsException.class);
                        assertThat(e.getMessage()).contains("server sent data after its STARTTLS reply");
                    });
            ScriptedConnection c = server.connection(0).awaitEnd(Duration.ofSeconds(10));
            assertThat(c.receivedLines()).containsExactly(HELO, "STARTTLS");
            assertThat(c.tlsStartedAt()).isEqualTo(-1);
        }
    }

    @Test
    void requiredStartTlsNotOfferedStopsBeforeMail() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder().send("220 plain.test")
                .expect("EHLO ").send("250-plain.test", "250 SIZE 1000")
                .expect("QUIT").send("221 bye").build())) {
            SmtpClient client = tlsClient(policy(TlsMode.STARTTLS_REQUIRED, LOCAL), new RecordingListener());

            assertThatThrownBy(() -> sendLab(client, server))
                    .isInstanceOfSatisfying(SecurityStop.class, e -> {
                        assertThat(e.reason()).isEqualTo(SecurityStop.Reason.STARTTLS_NOT_OFFERED);
                        assertThat(e.stage()).isEqualTo(Stage.TLS);
                    });
            assertThat(server.connection(0).awaitEnd(Duration.ofSeconds(10)).receivedLines())
                    .containsExactly(HELO, "QUIT");
        }
    }

    @Test
    void required454IsARefusalAtTheTlsStage() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(offeringStartTls()
                .expect("STARTTLS").send("454 4.7.0 TLS not available").expect("QUIT").send("221 bye").build())) {
            SendResult result = sendLab(tlsClient(policy(TlsMode.STARTTLS_REQUIRED, LOCAL), new RecordingListener()),
                    server);

            assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(result.stage()).isEqualTo(Stage.TLS);
            assertThat(result.refusal()).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(454));
            assertThat(server.connection(0).awaitEnd(Duration.ofSeconds(10)).receivedLines())
                    .containsExactly(HELO, "STARTTLS", "QUIT");
        }
    }

    @Test
    void opportunistic454GoesOnInPlain() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(offeringStartTls()
                .expect("STARTTLS").send("454 4.7.0 TLS not available")
                .expect("MAIL FROM:").send("250 ok").expect("RCPT TO:").send("250 ok")
                .expect("DATA").send("354 go").expectData().send("250 queued")
                .expect("QUIT").send("221 bye").build())) {
            SendResult result = sendLab(tlsClient(policy(TlsMode.OPPORTUNISTIC, LOCAL), new RecordingListener()),
                    server);

            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        }
    }

    @Test
    void opportunisticWithoutStartTlsOfferedSendsInPlain() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.acceptingOneMessage("EHLO ", 1).build())) {
            SendResult result = sendLab(tlsClient(policy(TlsMode.OPPORTUNISTIC, LOCAL), new RecordingListener()),
                    server);

            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(server.connection(0).awaitEnd(Duration.ofSeconds(10)).receivedLines())
                    .doesNotContain("STARTTLS");
        }
    }

    @Test
    void untrustedCertificateFailsTheHandshakeEvenWhenOpportunistic() throws Exception {
        assertHandshakeRefused(LOCAL, policy(TlsMode.OPPORTUNISTIC, OTHER_HOST), "certificate is not trusted");
    }

    @Test
    void certificateForAnotherHostFailsWithTheNamesItHolds() throws Exception {
        assertHandshakeRefused(OTHER_HOST, policy(TlsMode.STARTTLS_REQUIRED, OTHER_HOST),
                "host name mismatch: connected to '127.0.0.1' but the certificate names: mail.example.org");
    }

    @Test
    void pinMismatchFailsEvenWithVerificationOff() throws Exception {
        TlsSettings pinned = TlsSettings.builder().insecure().pin(PublicKeyPin.of(OTHER_HOST.leaf())).build();
        assertHandshakeRefused(LOCAL, TlsPolicy.of(TlsMode.STARTTLS_REQUIRED, pinned), "public key pin mismatch");
    }

    private static void assertHandshakeRefused(dev.pigeon.tls.CertifiedKey serverKey, TlsPolicy policy,
                                               String reason) throws Exception {
        try (ScriptedServer server = ScriptedServer.start(offeringStartTls()
                .expect("STARTTLS").send("220 go ahead").startTls(serverContext(serverKey)).build())) {
            SmtpClient client = tlsClient(policy, new RecordingListener());

            assertThatThrownBy(() -> sendLab(client, server))
                    .isInstanceOfSatisfying(SessionException.class, e -> {
                        assertThat(e.stage()).isEqualTo(Stage.TLS);
                        assertThat(e.getCause()).isInstanceOf(SSLException.class);
                        assertThat(e.getMessage()).startsWith("TLS handshake failed: ").contains(reason);
                    });
            ScriptedConnection c = server.connection(0).awaitEnd(Duration.ofSeconds(10));
            assertThat(c.tlsHandshakeFailed()).isTrue();
            assertThat(c.linesUnderTls()).isEmpty();
        }
    }

    @Test
    void insecureAcceptsAnUntrustedCertificate() throws Exception {
        TlsPolicy insecure = TlsPolicy.of(TlsMode.STARTTLS_REQUIRED, TlsSettings.builder().insecure().build());
        try (ScriptedServer server = ScriptedServer.start(deliveringUnderTls(offeringStartTls()
                .expect("STARTTLS").send("220 go ahead").startTls(serverContext(OTHER_HOST))).build())) {
            assertThat(sendLab(tlsClient(insecure, new RecordingListener()), server).outcome())
                    .isEqualTo(Outcome.DELIVERED);
        }
    }

    @Test
    void implicitTlsHandshakesBeforeTheGreeting() throws Exception {
        RecordingListener events = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start(Script.builder().startTls(serverContext(LOCAL))
                .send("220 implicit.test ESMTP").expect("EHLO ").send("250-implicit.test", "250 STARTTLS")
                .expect("MAIL FROM:").send("250 ok").expect("RCPT TO:").send("250 ok")
                .expect("DATA").send("354 go").expectData().send("250 queued")
                .expect("QUIT").send("221 bye").build())) {
            SendResult result = sendLab(tlsClient(policy(TlsMode.IMPLICIT, LOCAL), events), server);

            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            ScriptedConnection c = server.connection(0).awaitEnd(Duration.ofSeconds(10));
            assertThat(c.linesBeforeTls()).isEmpty();
            assertThat(c.linesUnderTls()).first().isEqualTo(HELO);
            assertThat(c.linesUnderTls()).doesNotContain("STARTTLS");
            assertThat(events.events()).startsWith("connecting", "connected", "tls TLSv1.3",
                    "< 220 implicit.test ESMTP");
        }
    }
}
