package dev.pigeon.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** No toString() and no transcript form holds a secret, nor its base64. */
class SecretHidingTest {
    private static final String SECRET = "Hunter2-Very-Secret";

    private static List<String> forbidden(String user) {
        String plain = "\0" + user + "\0" + SECRET;
        return List.of(SECRET, b64(SECRET), b64(plain), b64(SECRET).substring(0, 12));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(UTF_8));
    }

    @Test
    void credentialsToStringHidesTheSecret() {
        Credentials password = Credentials.password("alice", SECRET.toCharArray());
        Credentials token = Credentials.bearerToken("alice", SECRET.toCharArray());

        assertThat(password.toString()).isEqualTo("Credentials[user=alice, password=****]");
        assertThat(token.toString()).isEqualTo("Credentials[user=alice, token=****]");
    }

    @Test
    void exchangesAndTheirTranscriptFormsHideTheSecret() throws Exception {
        Credentials password = Credentials.password("alice", SECRET.toCharArray());
        Credentials token = Credentials.bearerToken("alice", SECRET.toCharArray());
        List<String> shown = new ArrayList<>();
        for (SaslMechanism mechanism : SaslMechanism.all()) {
            Credentials c = mechanism.accepts(password) ? password : token;
            SaslExchange exchange = mechanism.start(c, new AuthTarget("mx.example.test", 587));
            exchange.initialResponse();
            shown.add(exchange.toString());
            shown.add(exchange.maskedInitialLine());
            shown.add(exchange.maskedResponseLine());
            shown.add(mechanism.toString());
        }
        assertThat(shown).contains("AUTH PLAIN ****", "AUTH LOGIN", "AUTH CRAM-MD5", "AUTH SCRAM-SHA-256 ****",
                "SaslExchange[PLAIN, user=alice]", "****");
        for (String s : shown) {
            for (String f : forbidden("alice")) {
                assertThat(s).doesNotContain(f);
            }
        }
    }

    @Test
    void maskingAnAuthCommandLineDropsItsInitialResponse() {
        String line = "AUTH PLAIN " + b64("\0alice\0" + SECRET);

        assertThat(Masking.commandLine(line)).isEqualTo("AUTH PLAIN ****");
        assertThat(Masking.commandLine("auth login")).isEqualTo("AUTH LOGIN");
        assertThat(Masking.commandLine("auth xoauth2 abc=")).isEqualTo("AUTH XOAUTH2 ****");
        assertThat(Masking.commandLine("MAIL FROM:<a@b>")).isEqualTo("MAIL FROM:<a@b>");
        assertThat(Masking.authCommand("cram-md5", false)).isEqualTo("AUTH CRAM-MD5");
    }

    @Test
    void serverSideValuesHideTheSecret() {
        StoredUser user = StoredUser.withPassword("alice", SECRET.toCharArray());
        SaslServer server = new SaslServer(UserStore.of(List.of(user)), "mx.example.test");
        ServerSaslExchange exchange = server.start("PLAIN", Optional.of(("\0alice\0" + SECRET).getBytes(UTF_8)));
        Step step = exchange.begin();

        List<String> shown = List.of(user.toString(), user.scramSha256().orElseThrow().toString(),
                server.toString(), exchange.toString(), step.toString(),
                new Step.Failure(Step.Failure.Reason.INVALID_CREDENTIALS, "x").toString());
        assertThat(user.toString()).isEqualTo("StoredUser[name=alice, password=****, scram=****]");
        assertThat(step.toString()).isEqualTo("Success[user=alice]");
        for (String s : shown) {
            for (String f : forbidden("alice")) {
                assertThat(s).doesNotContain(f);
            }
        }
    }

    @Test
    void exceptionsDoNotCarryTheSecret() {
        Credentials password = Credentials.password("alice", SECRET.toCharArray());
        SaslExchange exchange = SaslMechanism.LOGIN.start(password, null);
        List<String> messages = new ArrayList<>();
        try {
            exchange.respond(new byte[0]);
            exchange.respond(new byte[0]);
            exchange.respond(new byte[0]);
        } catch (AuthenticationException e) {
            messages.add(e.getMessage());
        }
        assertThat(messages).hasSize(1);
        assertThat(messages.getFirst()).doesNotContain(SECRET);
    }
}
