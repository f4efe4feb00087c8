package dev.pigeon.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientMechanismsTest {
    private static final Credentials TIM = Credentials.password("tim", "tanstaaftanstaaf".toCharArray());

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void plainIsNulUserNulPasswordRfc4616() {
        SaslExchange exchange = SaslMechanism.PLAIN.start(TIM, null);

        byte[] response = exchange.initialResponse().orElseThrow();
        assertThat(response).isEqualTo("\0tim\0tanstaaftanstaaf".getBytes(UTF_8));
        assertThat(SaslBase64.encodeInitialResponse(response)).isEqualTo("AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
        assertThat(exchange.maskedInitialLine()).isEqualTo("AUTH PLAIN ****");
    }

    @Test
    void plainRefusesAChallengeAfterItsResponse() {
        SaslExchange exchange = SaslMechanism.PLAIN.start(TIM, null);
        exchange.initialResponse();

        assertThatThrownBy(() -> exchange.respond(new byte[0])).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void plainAnswersAnEmptyFirstChallengeWhenNotSentInline() throws Exception {
        SaslExchange exchange = SaslMechanism.PLAIN.start(TIM, null);

        assertThat(exchange.respond(new byte[0])).isEqualTo("\0tim\0tanstaaftanstaaf".getBytes(UTF_8));
        assertThatThrownBy(exchange::initialResponse).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void plainRefusesANonEmptyFirstChallenge() {
        SaslExchange exchange = SaslMechanism.PLAIN.start(TIM, null);

        assertThatThrownBy(() -> exchange.respond("hello".getBytes(UTF_8)))
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void plainRefusesNulInThePassword() {
        Credentials nul = Credentials.password("tim", "a\0b".toCharArray());
        SaslExchange exchange = SaslMechanism.PLAIN.start(nul, null);

        assertThatThrownBy(exchange::initialResponse).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loginAnswersUserThenPasswordWhateverTheChallengeText() throws Exception {
        SaslExchange exchange = SaslMechanism.LOGIN.start(TIM, null);

        assertThat(exchange.initialResponse()).isEmpty();
        assertThat(exchange.maskedInitialLine()).isEqualTo("AUTH LOGIN");
        assertThat(exchange.respond("Name, please".getBytes(UTF_8))).isEqualTo("tim".getBytes(UTF_8));
        assertThat(exchange.respond(new byte[0])).isEqualTo("tanstaaftanstaaf".getBytes(UTF_8));
        assertThatThrownBy(() -> exchange.respond("Password:".getBytes(UTF_8)))
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void cramMd5Rfc2195Example() throws Exception {
        SaslExchange exchange = SaslMechanism.CRAM_MD5.start(TIM, null);
        byte[] challenge = Base64.getDecoder().decode("PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+");
        assertThat(new String(challenge, UTF_8)).isEqualTo("<1896.697170952@postoffice.reston.mci.net>");

        assertThat(exchange.initialResponse()).isEmpty();
        byte[] response = exchange.respond(challenge);

        assertThat(new String(response, UTF_8)).isEqualTo("tim b913a602c7eda7a495b4e6e7334d3890");
        assertThat(b64(response)).isEqualTo("dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
        assertThatThrownBy(() -> exchange.respond(challenge)).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void cramMd5RefusesAnEmptyChallenge() {
        SaslExchange exchange = SaslMechanism.CRAM_MD5.start(TIM, null);

        assertThatThrownBy(() -> exchange.respond(new byte[0])).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void xoauth2GooglesExample() throws Exception {
        Credentials token = Credentials.bearerToken("someuser@example.com",
                "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg".toCharArray());
        SaslExchange exchange = SaslMechanism.XOAUTH2.start(token, null);

        byte[] response = exchange.initialResponse().orElseThrow();
        assertThat(new String(response, UTF_8)).isEqualTo(
                "user=someuser@example.com\u0001auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\u0001\u0001");
        assertThat(b64(response)).isEqualTo("dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==");
        assertThat(exchange.maskedInitialLine()).isEqualTo("AUTH XOAUTH2 ****");
    }

    @Test
    void xoauth2AnswersAnErrorChallengeWithAnEmptyLineOnce() throws Exception {
        Credentials token = Credentials.bearerToken("u@example.com", "tok".toCharArray());
        SaslExchange exchange = SaslMechanism.XOAUTH2.start(token, null);
        exchange.initialResponse();
        byte[] error = "{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"https://mail.google.com/\"}"
                .getBytes(UTF_8);

        assertThat(exchange.respond(error)).isEmpty();
        assertThatThrownBy(() -> exchange.respond(error)).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void oauthBearerRfc7628Example() throws Exception {
        Credentials token = Credentials.bearerToken("user@example.com",
                "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==".toCharArray());
        SaslExchange exchange = SaslMechanism.OAUTHBEARER.start(token,
                new AuthTarget("server.example.com", 143));

        assertThat(new String(exchange.initialResponse().orElseThrow(), UTF_8)).isEqualTo(
                "n,a=user@example.com,\u0001host=server.example.com\u0001port=143\u0001"
                        + "auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\u0001\u0001");
    }

    @Test
    void oauthBearerEscapesTheUserAndAnswersAnErrorWithCtrlA() throws Exception {
        Credentials token = Credentials.bearerToken("a,b=c", "tok".toCharArray());
        SaslExchange exchange = SaslMechanism.OAUTHBEARER.start(token, null);

        assertThat(new String(exchange.initialResponse().orElseThrow(), UTF_8))
                .isEqualTo("n,a=a=2Cb=3Dc,\u0001auth=Bearer tok\u0001\u0001");
        assertThat(exchange.respond("{\"status\":\"invalid_token\"}".getBytes(UTF_8)))
                .isEqualTo(new byte[] {1});
        assertThatThrownBy(() -> exchange.respond(new byte[0])).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void tokensWithSpacesOrControlsAreRefused() {
        Credentials bad = Credentials.bearerToken("u", "to ken".toCharArray());
        SaslExchange exchange = SaslMechanism.XOAUTH2.start(bad, null);

        assertThatThrownBy(exchange::initialResponse).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oversizeChallengesAreRefused() {
        SaslExchange exchange = SaslMechanism.LOGIN.start(TIM, null);

        assertThatThrownBy(() -> exchange.respond(new byte[SaslExchange.MAX_CHALLENGE_BYTES + 1]))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("larger");
    }

    @Test
    void endlessChallengesAreRefused() throws Exception {
        Credentials token = Credentials.bearerToken("u", "tok".toCharArray());
        SaslExchange exchange = SaslMechanism.XOAUTH2.start(token, null);
        exchange.respond(new byte[0]);
        exchange.respond("{}".getBytes(UTF_8));

        assertThatThrownBy(() -> exchange.respond(new byte[0])).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void mechanismsRefuseCredentialsOfTheWrongKind() {
        Credentials token = Credentials.bearerToken("u", "Zq9SecretTokenValue".toCharArray());

        assertThatThrownBy(() -> SaslMechanism.PLAIN.start(token, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("Zq9Secret");
        assertThatThrownBy(() -> SaslMechanism.XOAUTH2.start(TIM, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clearedCredentialsCannotStartAnExchange() {
        Credentials c = Credentials.password("u", "pw".toCharArray());
        c.clear();

        assertThat(c.isCleared()).isTrue();
        assertThatThrownBy(() -> SaslMechanism.SCRAM_SHA_256.start(c, null))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void successDataIsRefusedByMechanismsThatHaveNone() throws Exception {
        SaslExchange exchange = SaslMechanism.PLAIN.start(TIM, null);
        exchange.initialResponse();
        exchange.complete(Optional.empty());

        assertThatThrownBy(() -> exchange.complete(Optional.of(new byte[] {1})))
                .isInstanceOf(AuthenticationException.class);
    }
}
