package dev.pigeon.client;

import static dev.pigeon.client.ClientFixtures.client;
import static dev.pigeon.client.ClientFixtures.labEnvelope;
import static dev.pigeon.client.ClientFixtures.labMessage;
import static dev.pigeon.client.TlsFixtures.LOCAL;
import static dev.pigeon.client.TlsFixtures.policy;
import static dev.pigeon.client.TlsFixtures.serverContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pigeon.auth.Credentials;
import dev.pigeon.auth.SaslMechanism;
import dev.pigeon.auth.StoredUser;
import dev.pigeon.auth.UserStore;
import dev.pigeon.client.SendResult.Outcome;
import dev.pigeon.server.SmtpServer;
import dev.pigeon.testing.RecordingListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** AUTH against the embedded server's real verifiers, over STARTTLS and implicit TLS; no secret reaches a listener. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthEmbeddedServerIT {
    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret-Pa55word";

    private static SmtpServer.Builder server() {
        return SmtpServer.builder().port(0).tls(serverContext(LOCAL))
                .users(UserStore.of(List.of(StoredUser.withPassword(USER, PASSWORD.toCharArray()))));
    }

    private static AuthSettings auth(String mechanism, String password) {
        return new AuthSettings(Credentials.password(USER, password.toCharArray()),
                Optional.ofNullable(mechanism).map(m -> SaslMechanism.byName(m).orElseThrow()), false);
    }

    private static SendResult send(SmtpServer server, TlsPolicy tls, AuthSettings auth, RecordingListener events)
            throws SessionException {
        SmtpClient client = client(Protocol.ESMTP, events).tls(tls).auth(auth).build();
        return client.send("127.0.0.1", server.port(), labEnvelope(), labMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-256"})
    void eachMechanismDeliversUnderStartTlsAndNoSecretReachesTheListener(String mechanism) throws Exception {
        RecordingListener events = new RecordingListener();
        try (SmtpServer server = server().build().start()) {
            SendResult result = send(server, policy(TlsMode.STARTTLS_REQUIRED, LOCAL), auth(mechanism, PASSWORD), events);

            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(server.inbox().awaitMessage(Duration.ofSeconds(10))).isNotNull();
            assertThat(events.events()).contains("> AUTH " + mechanism
                            + (SaslMechanism.byName(mechanism).orElseThrow().sendsInitialResponse() ? " ****" : ""),
                    "< 235 2.7.0 Authentication successful");
            assertNoSecretIn(String.join("\n", events.events()));
        }
    }

    @Test
    void withoutAMechanismTheStrongestOfferedIsUsed() throws Exception {
        RecordingListener events = new RecordingListener();
        try (SmtpServer server = server().build().start()) {
            send(server, policy(TlsMode.OPPORTUNISTIC, LOCAL), auth(null, PASSWORD), events);

            assertThat(events.events()).contains("> AUTH SCRAM-SHA-256 ****");
        }
    }

    @Test
    void implicitTlsThenAuth() throws Exception {
        try (SmtpServer server = server().tlsOnConnect(true).build().start()) {
            SendResult result = send(server, policy(TlsMode.IMPLICIT, LOCAL), auth("PLAIN", PASSWORD),
                    new RecordingListener());

            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        }
    }

    @Test
    void wrongPasswordIsA535RefusalAndNoMail() throws Exception {
        RecordingListener events = new RecordingListener();
        try (SmtpServer server = server().build().start()) {
            SendResult result = send(server, policy(TlsMode.STARTTLS_REQUIRED, LOCAL), auth("PLAIN", "wrong"), events);

            assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(result.stage()).isEqualTo(Stage.AUTH);
            assertThat(result.refusal()).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(535));
            assertThat(events.events()).noneMatch(e -> e.startsWith("> MAIL"));
        }
    }

    @Test
    void noCredentialsCrossAPlainConnection() throws Exception {
        RecordingListener events = new RecordingListener();
        try (SmtpServer server = SmtpServer.builder().port(0).allowPlaintextAuth(true)
                .users(UserStore.of(List.of(StoredUser.withPassword(USER, PASSWORD.toCharArray())))).build().start()) {
            assertThatThrownBy(() -> send(server, TlsPolicy.defaults(), auth("PLAIN", PASSWORD), events))
                    .isInstanceOfSatisfying(SecurityStop.class, e ->
                            assertThat(e.reason()).isEqualTo(SecurityStop.Reason.CREDENTIALS_NEED_TLS));
            assertThat(events.events()).noneMatch(e -> e.startsWith("> AUTH") || e.startsWith("> MAIL"));
            assertThat(events.events()).contains("> QUIT");
        }
    }

    @Test
    void plaintextAuthWhenAllowed() throws Exception {
        try (SmtpServer server = SmtpServer.builder().port(0).allowPlaintextAuth(true)
                .users(UserStore.of(List.of(StoredUser.withPassword(USER, PASSWORD.toCharArray())))).build().start()) {
            AuthSettings allowed = new AuthSettings(Credentials.password(USER, PASSWORD.toCharArray()),
                    Optional.of(SaslMechanism.CRAM_MD5), true);
            SendResult result = send(server, TlsPolicy.none(), allowed, new RecordingListener());

            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        }
    }

    /** The password, and every base64 form a mechanism could send it in, are absent. */
    static void assertNoSecretIn(String text) {
        Base64.Encoder b64 = Base64.getEncoder();
        assertThat(text).doesNotContain(PASSWORD)
                .doesNotContain(b64.encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)))
                .doesNotContain(b64.encodeToString(("\0" + USER + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }
}
