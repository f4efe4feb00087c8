package dev.pigeon.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScramClientTest {
    private static final Credentials USER_PENCIL = Credentials.password("user", "pencil".toCharArray());

    private static SaslExchange start(ScramAlgorithm algorithm, String nonce) {
        return Scram.withNonces(algorithm, () -> nonce).start(USER_PENCIL, null);
    }

    private static String respond(SaslExchange exchange, String challenge) throws Exception {
        return new String(exchange.respond(challenge.getBytes(UTF_8)), UTF_8);
    }

    @Test
    void rfc5802ScramSha1Vector() throws Exception {
        SaslExchange exchange = start(ScramAlgorithm.SHA_1, "fyko+d2lbbFgONRv9qkxdawL");

        assertThat(new String(exchange.initialResponse().orElseThrow(), UTF_8))
                .isEqualTo("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL");
        assertThat(respond(exchange,
                "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"))
                .isEqualTo("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,"
                        + "p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
        assertThat(exchange.respond("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=".getBytes(UTF_8))).isEmpty();
        exchange.complete(Optional.empty());
    }

    @Test
    void rfc7677ScramSha256Vector() throws Exception {
        SaslExchange exchange = start(ScramAlgorithm.SHA_256, "rOprNGfwEbeRWgbNEkqO");

        assertThat(new String(exchange.initialResponse().orElseThrow(), UTF_8))
                .isEqualTo("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        assertThat(respond(exchange, "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"))
                .isEqualTo("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                        + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        exchange.complete(Optional.of(
                "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=".getBytes(UTF_8)));
    }

    @Test
    void aServerSignatureThatDoesNotVerifyFails() throws Exception {
        SaslExchange exchange = start(ScramAlgorithm.SHA_256, "rOprNGfwEbeRWgbNEkqO");
        exchange.initialResponse();
        respond(exchange, "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");

        assertThatThrownBy(() -> respond(exchange, "v=7rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("server signature does not verify");
        assertThatThrownBy(() -> exchange.complete(Optional.empty()))
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void successWithoutServerFinalFails() throws Exception {
        SaslExchange exchange = start(ScramAlgorithm.SHA_1, "fyko+d2lbbFgONRv9qkxdawL");
        exchange.initialResponse();
        respond(exchange, "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096");

        assertThatThrownBy(() -> exchange.complete(Optional.empty()))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("without proving");
    }

    @Test
    void nonceThatDoesNotExtendOursIsRefused() {
        SaslExchange exchange = start(ScramAlgorithm.SHA_1, "fyko+d2lbbFgONRv9qkxdawL");
        exchange.initialResponse();

        assertThatThrownBy(() -> respond(exchange, "r=XXXX+d2lbbFgONRv9qkxdawL3rfc,s=QSXCR+Q6sek8bf92,i=4096"))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("nonce");
        SaslExchange same = start(ScramAlgorithm.SHA_1, "abc");
        same.initialResponse();
        assertThatThrownBy(() -> respond(same, "r=abc,s=QSXCR+Q6sek8bf92,i=4096"))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("nonce");
    }

    @Test
    void iterationCountsOutsideTheBoundsAreRefused() {
        for (String i : new String[] {"0", "10000001", "99999999999", "-1", "", "4k"}) {
            SaslExchange exchange = start(ScramAlgorithm.SHA_256, "abc");
            exchange.initialResponse();
            assertThatThrownBy(() -> respond(exchange, "r=abcdef,s=QSXCR+Q6sek8bf92,i=" + i))
                    .as(i).isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("iteration");
        }
    }

    @Test
    void malformedServerFirstMessagesAreRefused() {
        String[] bad = {
            "s=QSXCR+Q6sek8bf92,r=abcdef,i=4096", // order
            "r=abcdef,s=***,i=4096", // salt not base64
            "r=abcdef,s=,i=4096", // empty salt
            "m=ext,r=abcdef,s=QSXCR+Q6sek8bf92,i=4096", // mandatory extension
            "r=abcdef,s=QSXCR+Q6sek8bf92", // no i
            "garbage",
            "e=other-error",
        };
        for (String message : bad) {
            SaslExchange exchange = start(ScramAlgorithm.SHA_256, "abc");
            exchange.initialResponse();
            assertThatThrownBy(() -> respond(exchange, message))
                    .as(message).isInstanceOf(AuthenticationException.class);
        }
    }

    @Test
    void serverErrorInServerFinalFails() throws Exception {
        SaslExchange exchange = start(ScramAlgorithm.SHA_1, "fyko+d2lbbFgONRv9qkxdawL");
        exchange.initialResponse();
        respond(exchange, "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096");

        assertThatThrownBy(() -> respond(exchange, "e=invalid-proof"))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("invalid-proof");
    }

    @Test
    void nonUtf8ServerMessageIsRefused() {
        SaslExchange exchange = start(ScramAlgorithm.SHA_1, "abc");
        exchange.initialResponse();
        assertThatThrownBy(() -> exchange.respond(new byte[] {'r', '=', (byte) 0xC3}))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("UTF-8");
    }

    @Test
    void userNameIsEscapedAndPrepared() {
        Credentials odd = Credentials.password("a,b=c\u00A0d", "pw".toCharArray());
        SaslExchange exchange = Scram.withNonces(ScramAlgorithm.SHA_256, () -> "N").start(odd, null);

        assertThat(new String(exchange.initialResponse().orElseThrow(), UTF_8))
                .isEqualTo("n,,n=a=2Cb=3Dc d,r=N");
    }

    @Test
    void initialResponseCanAnswerAnEmptyFirstChallengeInstead() throws Exception {
        SaslExchange exchange = start(ScramAlgorithm.SHA_1, "fyko+d2lbbFgONRv9qkxdawL");

        assertThat(respond(exchange, "")).isEqualTo("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL");
        assertThat(respond(exchange,
                "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"))
                .endsWith("p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
    }

    @Test
    void randomNoncesDifferPerExchange() {
        String a = new String(SaslMechanism.SCRAM_SHA_256.start(USER_PENCIL, null)
                .initialResponse().orElseThrow(), UTF_8);
        String b = new String(SaslMechanism.SCRAM_SHA_256.start(USER_PENCIL, null)
                .initialResponse().orElseThrow(), UTF_8);

        assertThat(a).startsWith("n,,n=user,r=").hasSizeGreaterThan("n,,n=user,r=".length() + 24);
        assertThat(a).isNotEqualTo(b);
    }
}
