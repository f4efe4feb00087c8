package dev.pigeon.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SaslServerTest {
    private static final UserStore USERS = UserStore.of(List.of(
            StoredUser.withPassword("alice", "wonder land".toCharArray()),
            StoredUser.withPassword("bob", "s3cr=t,x".toCharArray())));
    private static final SaslServer SERVER = new SaslServer(USERS, "mx.example.test");

    /** Runs a client exchange against a server exchange through base64 lines, as on the wire. */
    private static Step run(SaslMechanism mechanism, Credentials credentials) throws Exception {
        SaslExchange client = mechanism.start(credentials, null);
        Optional<byte[]> initial = client.initialResponse()
                .map(r -> wire(SaslBase64.encodeInitialResponse(r)));
        ServerSaslExchange server = SERVER.start(mechanism.name(), initial);
        Step step = server.begin();
        while (step instanceof Step.Challenge challenge) {
            byte[] onWire = wire(SaslBase64.encode(challenge.data()));
            byte[] response = client.respond(onWire);
            step = server.step(wire(SaslBase64.encode(response)));
        }
        if (step instanceof Step.Success) {
            client.complete(Optional.empty());
        }
        assertThat(server.isFinished()).isTrue();
        return step;
    }

    private static byte[] wire(String base64Line) {
        try {
            return SaslBase64.decode(base64Line, SaslServer.MAX_RESPONSE_BYTES);
        } catch (AuthenticationException e) {
            throw new AssertionError(e);
        }
    }

    private static Credentials password(String user, String password) {
        return Credentials.password(user, password.toCharArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-256"})
    void rightPasswordSucceeds(String name) throws Exception {
        SaslMechanism mechanism = SaslMechanism.byName(name).orElseThrow();

        assertThat(run(mechanism, password("alice", "wonder land")))
                .isEqualTo(new Step.Success("alice", Optional.empty()));
        assertThat(run(mechanism, password("bob", "s3cr=t,x")))
                .isEqualTo(new Step.Success("bob", Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-256"})
    void wrongPasswordOrUnknownUserFailsWith535(String name) throws Exception {
        SaslMechanism mechanism = SaslMechanism.byName(name).orElseThrow();

        for (Credentials wrong : List.of(password("alice", "wonder lamp"), password("carol", "wonder land"),
                password("Alice", "wonder land"))) {
            Step step = run(mechanism, wrong);
            assertThat(step).isInstanceOf(Step.Failure.class);
            Step.Failure failure = (Step.Failure) step;
            assertThat(failure.reason()).isEqualTo(Step.Failure.Reason.INVALID_CREDENTIALS);
            assertThat(failure.reason().replyCode()).isEqualTo(535);
            assertThat(failure.reason().enhancedStatus()).isEqualTo("5.7.8");
        }
    }

    @Test
    void scramServerReproducesRfc7677Vector() {
        byte[] salt = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
        UserStore users = UserStore.of(List.of(StoredUser.withPassword("user", "pencil".toCharArray(), salt, 4096)));
        SaslServer server = new SaslServer(users, "mx.example.test", () -> "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");

        ServerSaslExchange exchange = server.start("scram-sha-256",
                Optional.of("n,,n=user,r=rOprNGfwEbeRWgbNEkqO".getBytes(UTF_8)));
        Step first = exchange.begin();
        assertThat(text(first)).isEqualTo(
                "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        Step fin = exchange.step(("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=").getBytes(UTF_8));
        assertThat(text(fin)).isEqualTo("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
        assertThat(exchange.step(new byte[0])).isEqualTo(new Step.Success("user", Optional.empty()));
        assertThatThrownBy(() -> exchange.step(new byte[0])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void scramServerRefusesATamperedProofOrNonce() {
        byte[] salt = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
        UserStore users = UserStore.of(List.of(StoredUser.withPassword("user", "pencil".toCharArray(), salt, 4096)));
        SaslServer server = new SaslServer(users, "mx.example.test", () -> "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");
        String[] finals = {
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=eHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k1,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
            "c=eSws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=AAAA",
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
        };
        for (String clientFinal : finals) {
            ServerSaslExchange exchange = server.start("SCRAM-SHA-256",
                    Optional.of("n,,n=user,r=rOprNGfwEbeRWgbNEkqO".getBytes(UTF_8)));
            exchange.begin();
            assertThat(exchange.step(clientFinal.getBytes(UTF_8))).as(clientFinal).isInstanceOf(Step.Failure.class);
        }
    }

    @Test
    void scramServerRefusesChannelBindingAndOtherAuthzids() {
        for (String first : List.of("p=tls-unique,,n=alice,r=abc", "n,a=bob,n=alice,r=abc", "x,,n=alice,r=abc",
                "n,,r=abc,n=alice", "n,,m=x,n=alice,r=abc")) {
            ServerSaslExchange exchange = SERVER.start("SCRAM-SHA-256", Optional.of(first.getBytes(UTF_8)));
            assertThat(exchange.begin()).as(first).isInstanceOf(Step.Failure.class);
        }
        ServerSaslExchange same = SERVER.start("SCRAM-SHA-256", Optional.of("n,a=alice,n=alice,r=abc".getBytes(UTF_8)));
        assertThat(same.begin()).isInstanceOf(Step.Challenge.class);
    }

    @Test
    void scramServerGivesUnknownUsersAStableDecoySalt() {
        String a = text(SERVER.start("SCRAM-SHA-256", Optional.of("n,,n=nobody,r=abc".getBytes(UTF_8))).begin());
        String b = text(SERVER.start("SCRAM-SHA-256", Optional.of("n,,n=nobody,r=abc".getBytes(UTF_8))).begin());

        assertThat(a).contains(",i=4096");
        assertThat(a.substring(a.indexOf(",s="))).isEqualTo(b.substring(b.indexOf(",s=")));
    }

    @Test
    void scramServerWithoutInitialResponseSendsAnEmptyChallengeFirst() throws Exception {
        ServerSaslExchange exchange = SERVER.start("SCRAM-SHA-256", Optional.empty());

        Step first = exchange.begin();
        assertThat(first).isInstanceOf(Step.Challenge.class);
        assertThat(((Step.Challenge) first).data()).isEmpty();
        assertThat(text(exchange.step("n,,n=alice,r=abc".getBytes(UTF_8)))).startsWith("r=abc");
    }

    @Test
    void plainChecksAuthzidAndFormat() {
        assertThat(plain("alice\0alice\0wonder land")).isEqualTo(new Step.Success("alice", Optional.empty()));
        assertThat(plain("bob\0alice\0wonder land")).isInstanceOf(Step.Failure.class);
        assertThat(((Step.Failure) plain("\0alice")).reason()).isEqualTo(Step.Failure.Reason.MALFORMED);
        assertThat(((Step.Failure) plain("\0alice\0wonder land\0")).reason()).isEqualTo(Step.Failure.Reason.MALFORMED);
        ServerSaslExchange notUtf8 = SERVER.start("PLAIN", Optional.of(new byte[] {0, 'a', 0, (byte) 0xFF}));
        assertThat(((Step.Failure) notUtf8.begin()).reason()).isEqualTo(Step.Failure.Reason.MALFORMED);
    }

    private static Step plain(String message) {
        return SERVER.start("PLAIN", Optional.of(message.getBytes(UTF_8))).begin();
    }

    @Test
    void plainAppliesSaslPrepToThePassword() {
        UserStore users = UserStore.of(List.of(StoredUser.withPassword("u", "I\u00ADX".toCharArray())));
        SaslServer server = new SaslServer(users, "mx.example.test");

        assertThat(server.start("PLAIN", Optional.of("\0u\0IX".getBytes(UTF_8))).begin())
                .isInstanceOf(Step.Success.class);
    }

    @Test
    void loginTakesAnInitialResponseAsTheUserName() {
        ServerSaslExchange exchange = SERVER.start("LOGIN", Optional.of("alice".getBytes(UTF_8)));

        assertThat(text(exchange.begin())).isEqualTo("Password:");
        assertThat(exchange.step("wonder land".getBytes(UTF_8))).isInstanceOf(Step.Success.class);
    }

    @Test
    void loginAsksForUserThenPassword() {
        ServerSaslExchange exchange = SERVER.start("LOGIN", Optional.empty());

        assertThat(text(exchange.begin())).isEqualTo("Username:");
        assertThat(text(exchange.step("alice".getBytes(UTF_8)))).isEqualTo("Password:");
        assertThat(exchange.step("wrong".getBytes(UTF_8))).isInstanceOf(Step.Failure.class);
    }

    @Test
    void cramMd5ChallengesAreUniqueAndNameTheServer() {
        String a = text(SERVER.start("CRAM-MD5", Optional.empty()).begin());
        String b = text(SERVER.start("CRAM-MD5", Optional.empty()).begin());

        assertThat(a).matches("<\\d+\\.\\d+@mx\\.example\\.test>");
        assertThat(a).isNotEqualTo(b);
        assertThat(SERVER.start("CRAM-MD5", Optional.of("x".getBytes(UTF_8))).begin())
                .isInstanceOf(Step.Failure.class);
    }

    @Test
    void cramMd5AcceptsAnUpperCaseDigestAndRefusesGarbage() throws Exception {
        ServerSaslExchange exchange = SERVER.start("CRAM-MD5", Optional.empty());
        byte[] challenge = ((Step.Challenge) exchange.begin()).data();
        String digest = CramMd5.digest("wonder land".getBytes(UTF_8), challenge).toUpperCase();

        assertThat(exchange.step(("alice " + digest).getBytes(UTF_8))).isInstanceOf(Step.Success.class);
        ServerSaslExchange garbage = SERVER.start("CRAM-MD5", Optional.empty());
        garbage.begin();
        assertThat(((Step.Failure) garbage.step("alice".getBytes(UTF_8))).reason())
                .isEqualTo(Step.Failure.Reason.MALFORMED);
    }

    @Test
    void usersWithOnlyScramKeysCannotUsePlain() throws Exception {
        ScramKeys keys = ScramKeys.derive(ScramAlgorithm.SHA_256, "pw".toCharArray(), new byte[] {1, 2, 3}, 4096);
        SaslServer server = new SaslServer(UserStore.of(List.of(StoredUser.withScramKeys("k", keys))), "mx");

        assertThat(server.start("PLAIN", Optional.of("\0k\0pw".getBytes(UTF_8))).begin())
                .isInstanceOf(Step.Failure.class);
    }

    @Test
    void oversizeResponsesAreRefused() {
        ServerSaslExchange initial = SERVER.start("PLAIN", Optional.of(new byte[SaslServer.MAX_RESPONSE_BYTES + 1]));
        assertThat(((Step.Failure) initial.begin()).reason()).isEqualTo(Step.Failure.Reason.MALFORMED);

        ServerSaslExchange later = SERVER.start("LOGIN", Optional.empty());
        later.begin();
        assertThat(((Step.Failure) later.step(new byte[SaslServer.MAX_RESPONSE_BYTES + 1])).reason())
                .isEqualTo(Step.Failure.Reason.MALFORMED);
        assertThatThrownBy(() -> SaslBase64.decode("A".repeat(8000), 4096))
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void cancelEndsTheExchangeWith501() {
        ServerSaslExchange exchange = SERVER.start("LOGIN", Optional.empty());
        exchange.begin();

        Step.Failure failure = (Step.Failure) exchange.cancel();
        assertThat(failure.reason().replyCode()).isEqualTo(501);
        assertThat(exchange.isFinished()).isTrue();
    }

    @Test
    void mechanismsAndUnsupportedOnes() {
        assertThat(SERVER.mechanisms()).containsExactly("SCRAM-SHA-256", "CRAM-MD5", "PLAIN", "LOGIN");
        assertThat(SERVER.supports("plain")).isTrue();
        assertThat(SERVER.supports("SCRAM-SHA-1")).isFalse();
        assertThatThrownBy(() -> SERVER.start("GSSAPI", Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void duplicateUsersAreRefused() {
        assertThatThrownBy(() -> UserStore.of(List.of(StoredUser.withPassword("a", "x".toCharArray()),
                StoredUser.withPassword("a", "y".toCharArray())))).isInstanceOf(IllegalArgumentException.class);
    }

    private static String text(Step step) {
        assertThat(step).isInstanceOf(Step.Challenge.class);
        return new String(((Step.Challenge) step).data(), UTF_8);
    }
}
