package dev.pigeon.client;

import static dev.pigeon.client.ClientFixtures.client;
import static dev.pigeon.client.ClientFixtures.sendLab;
import static dev.pigeon.client.TlsFixtures.LOCAL;
import static dev.pigeon.client.TlsFixtures.policy;
import static dev.pigeon.client.TlsFixtures.serverContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pigeon.auth.Credentials;
import dev.pigeon.auth.SaslMechanism;
import dev.pigeon.client.SendResult.Outcome;
import dev.pigeon.testing.RecordingListener;
import dev.pigeon.testing.Script;
import dev.pigeon.testing.ScriptedConnection;
import dev.pigeon.testing.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** AUTH failure paths against scripted servers: what went on the wire, and what the listener saw. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AuthScriptedTest {
    private static final String PASSWORD = "pa55-w0rd";
    private static final String PLAIN_IR = Base64.getEncoder()
            .encodeToString(("\0alice\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    private static AuthSettings auth(SaslMechanism mechanism) {
        return new AuthSettings(Credentials.password("alice", PASSWORD.toCharArray()), Optional.of(mechanism), false);
    }

    /** Greeting, EHLO with STARTTLS, the handshake, and an EHLO under TLS answered with {@code ehlo}. */
    private static Script.Builder underTls(String... ehlo) {
        return Script.builder().send("220 scripted.test").expect("EHLO ").send("250-scripted.test", "250 STARTTLS")
                .expect("STARTTLS").send("220 go").startTls(serverContext(LOCAL)).expect("EHLO ").send(ehlo);
    }

    private static SmtpClient authClient(SaslMechanism mechanism, RecordingListener events) {
        return client(Protocol.ESMTP, events).tls(policy(TlsMode.STARTTLS_REQUIRED, LOCAL)).auth(auth(mechanism)).build();
    }

    @Test
    void plainSendsItsInitialResponseButTheListenerSeesStars() throws Exception {
        RecordingListener events = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start(underTls("250-tls.test", "250 AUTH PLAIN")
                .expect("AUTH PLAIN ").send("235 2.7.0 ok")
                .expect("QUIT").send("221 bye").build())) {
            SmtpClient client = client(Protocol.ESMTP, events).tls(policy(TlsMode.STARTTLS_REQUIRED, LOCAL))
                    .auth(auth(SaslMechanism.PLAIN)).quitAfter(Stage.AUTH).build();

            assertThat(sendLab(client, server).outcome()).isEqualTo(Outcome.STOPPED);
            assertThat(server.connection(0).awaitEnd(Duration.ofSeconds(10)).linesUnderTls())
                    .containsExactly("EHLO aut.uah.es", "AUTH PLAIN " + PLAIN_IR, "QUIT");
            assertThat(events.events()).contains("> AUTH PLAIN ****");
            assertThat(String.join("\n", events.events())).doesNotContain(PLAIN_IR).doesNotContain(PASSWORD);
        }
    }

    @Test
    void endless334sEndWithACancelAndABoundedNumberOfLines() throws Exception {
        Script.Builder script = underTls("250-tls.test", "250 AUTH LOGIN").expect("AUTH LOGIN").send("334 VXNlcm5hbWU6");
        for (int i = 0; i < 12; i++) {
            script.expectAnyLine().send("334 UGFzc3dvcmQ6");
        }
        RecordingListener events = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start(script.build())) {
            assertThatThrownBy(() -> sendLab(authClient(SaslMechanism.LOGIN, events), server))
                    .isInstanceOfSatisfying(SecurityStop.class, e ->
                            assertThat(e.reason()).isEqualTo(SecurityStop.Reason.AUTHENTICATION_FAILED));
            server.close();
            ScriptedConnection c = server.connection(0);
            assertThat(c.linesUnderTls()).hasSizeLessThanOrEqualTo(2 + SaslExchangeBound.LINES)
                    .contains("*").noneMatch(l -> l.startsWith("MAIL"));
            assertThat(String.join("\n", events.events())).doesNotContain(PASSWORD)
                    .doesNotContain(Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void aChallengeThatIsNotBase64IsCancelled() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(underTls("250-tls.test", "250 AUTH CRAM-MD5")
                .expect("AUTH CRAM-MD5").send("334 !!!not base64!!!")
                .expect("*").send("501 5.7.0 cancelled").expect("QUIT").send("221 bye").build())) {
            assertThatThrownBy(() -> sendLab(authClient(SaslMechanism.CRAM_MD5, new RecordingListener()), server))
                    .isInstanceOfSatisfying(SecurityStop.class, e -> {
                        assertThat(e.reason()).isEqualTo(SecurityStop.Reason.AUTHENTICATION_FAILED);
                        assertThat(e.getMessage()).contains("not valid base64");
                    });
            assertThat(server.connection(0).awaitEnd(Duration.ofSeconds(10)).linesUnderTls())
                    .containsExactly("EHLO aut.uah.es", "AUTH CRAM-MD5", "*", "QUIT");
        }
    }

    @Test
    void authOfferedOnlyBeforeTlsIsNotUsedAfterIt() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder().send("220 scripted.test")
                .expect("EHLO ").send("250-scripted.test", "250-AUTH PLAIN", "250 STARTTLS")
                .expect("STARTTLS").send("220 go").startTls(serverContext(LOCAL))
                .expect("EHLO ").send("250 tls.test").expect("QUIT").send("221 bye").build())) {
            assertThatThrownBy(() -> sendLab(authClient(SaslMechanism.PLAIN, new RecordingListener()), server))
                    .isInstanceOfSatisfying(SecurityStop.class, e ->
                            assertThat(e.reason()).isEqualTo(SecurityStop.Reason.AUTH_NOT_OFFERED));
            ScriptedConnection c = server.connection(0).awaitEnd(Duration.ofSeconds(10));
            assertThat(c.receivedLines()).noneMatch(l -> l.startsWith("AUTH") || l.startsWith("MAIL"));
        }
    }

    @Test
    void a454ToAuthIsATemporaryRefusal() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(underTls("250-tls.test", "250 AUTH PLAIN")
                .expect("AUTH PLAIN").send("454 4.7.0 try later").expect("QUIT").send("221 bye").build())) {
            SendResult result = sendLab(authClient(SaslMechanism.PLAIN, new RecordingListener()), server);

            assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(result.stage()).isEqualTo(Stage.AUTH);
            assertThat(result.refusal()).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(454));
        }
    }

    /** The most lines an attempt can take: the exchange's challenge bound, plus its cancel. */
    private static final class SaslExchangeBound {
        static final int LINES = dev.pigeon.auth.SaslExchange.MAX_CHALLENGES + 3;
    }
}
