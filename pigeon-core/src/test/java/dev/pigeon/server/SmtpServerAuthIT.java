package dev.pigeon.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.auth.AuthTarget;
import dev.pigeon.auth.Credentials;
import dev.pigeon.auth.SaslBase64;
import dev.pigeon.auth.SaslExchange;
import dev.pigeon.auth.SaslMechanism;
import dev.pigeon.auth.StoredUser;
import dev.pigeon.auth.UserStore;
import dev.pigeon.protocol.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** AUTH (RFC 4954) on the embedded server, driven by the auth package's own client exchanges. */
class SmtpServerAuthIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PASSWORD = "correct horse";
    /** base64("\0alice\0correct horse"): must never reach a listener. */
    private static final String PLAIN_ALICE =
            Base64.getEncoder().encodeToString(("\0alice\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    private static LoopbackTls tls;
    private static UserStore users;

    @TempDir
    Path maildir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final EventLog events = new EventLog();

    @BeforeAll
    static void setUp() throws Exception {
        tls = LoopbackTls.generate();
        users = UserStore.of(List.of(StoredUser.withPassword("alice", PASSWORD.toCharArray())));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    private SmtpServer start(UnaryOperator<SmtpServer.Builder> options) throws IOException {
        SmtpServer.Builder b = SmtpServer.builder().hostname("mx.pigeon.test").maildir(maildir).listener(events)
                .tls(tls.server()).users(users);
        SmtpServer server = options.apply(b).build().start();
        toClose.add(server);
        return server;
    }

    /** Greeted, STARTTLS done, EHLO said again: ready for AUTH. */
    private ScriptedClient underTls(SmtpServer server) throws IOException {
        ScriptedClient c = ScriptedClient.greeted(server);
        toClose.add(c);
        c.send("EHLO client.test").expectCode(250);
        c.send("STARTTLS").expect("220 2.0.0 Ready to start TLS");
        c.startTls(tls.client());
        c.send("EHLO client.test").expectCode(250);
        return c;
    }

    /** Runs a client exchange against the server; returns the final reply (235 or a failure). */
    private static Reply authenticate(ScriptedClient c, SaslMechanism mechanism, String user, String password)
            throws Exception {
        SaslExchange exchange = mechanism.start(Credentials.password(user, password.toCharArray()),
                new AuthTarget("localhost", 25));
        Optional<byte[]> initial = exchange.initialResponse();
        c.send("AUTH " + exchange.mechanism() + initial.map(r -> " " + SaslBase64.encodeInitialResponse(r)).orElse(""));
        Reply reply = c.reply();
        while (reply.code() == 334) {
            byte[] challenge = SaslBase64.decode(reply.text(), 8192);
            c.send(SaslBase64.encode(exchange.respond(challenge)));
            reply = c.reply();
        }
        if (reply.code() == 235) {
            exchange.complete(Optional.empty()); // SCRAM: the server proved it knows the password
        }
        return reply;
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-256"})
    void everyMechanismAuthenticatesAndFails(String name) throws Exception {
        SaslMechanism mechanism = SaslMechanism.byName(name).orElseThrow();
        SmtpServer server = start(b -> b.requireAuth(true));
        ScriptedClient c = underTls(server);
        c.send("MAIL FROM:<alice@a.test>").expect("530 5.7.0 Authentication required");
        assertThat(authenticate(c, mechanism, "alice", "wrong").lines())
                .containsExactly("535 5.7.8 Authentication credentials invalid");
        assertThat(authenticate(c, mechanism, "mallory", PASSWORD).lines())
                .containsExactly("535 5.7.8 Authentication credentials invalid");
        assertThat(authenticate(c, mechanism, "alice", PASSWORD).lines())
                .containsExactly("235 2.7.0 Authentication successful");
        c.send("AUTH PLAIN " + PLAIN_ALICE).expect("503 5.5.1 Already authenticated");
        c.send("MAIL FROM:<alice@a.test>").expect("250 2.1.0 Sender OK");
        c.send("QUIT").expectCode(221);
        List<String> log = events.awaitSession(WAIT);
        assertThat(log).contains("AUTH " + name + " as alice");
        assertThat(log.stream().filter(e -> e.startsWith("AUTH " + name + " failed"))).hasSize(2);
    }

    @Test
    void notOfferedNorAcceptedWithoutTls() throws Exception {
        ScriptedClient c = ScriptedClient.greeted(start(b -> b));
        toClose.add(c);
        assertThat(c.send("EHLO client.test").reply().lines()).noneMatch(l -> l.contains("AUTH"));
        c.send("AUTH PLAIN " + PLAIN_ALICE)
                .expect("538 5.7.11 Encryption required for requested authentication mechanism");
        c.send("AUTH LOGIN").expect("538 5.7.11 Encryption required for requested authentication mechanism");
    }

    @Test
    void plaintextAuthWhenAllowed() throws Exception {
        ScriptedClient c = ScriptedClient.greeted(start(b -> b.allowPlaintextAuth(true)));
        toClose.add(c);
        assertThat(c.send("EHLO client.test").reply().lines())
                .contains("250-STARTTLS", "250-AUTH SCRAM-SHA-256 CRAM-MD5 PLAIN LOGIN");
        c.send("AUTH PLAIN " + PLAIN_ALICE).expect("235 2.7.0 Authentication successful");
    }

    @Test
    void noUsersMeansNoAuth() throws Exception {
        SmtpServer server = SmtpServer.builder().maildir(maildir).tls(tls.server()).build().start();
        toClose.add(server);
        ScriptedClient c = underTls(server);
        c.send("AUTH PLAIN " + PLAIN_ALICE).expect("502 5.5.1 Command not implemented");
    }

    @Test
    void sequence() throws Exception {
        SmtpServer server = start(b -> b.tlsOnConnect(true));
        ScriptedClient c = ScriptedClient.connectTls(server, tls.client());
        toClose.add(c);
        c.expectCode(220);
        c.send("AUTH PLAIN " + PLAIN_ALICE).expect("503 5.5.1 Send EHLO first");
        c.send("HELO client.test").expectCode(250);
        c.send("AUTH PLAIN " + PLAIN_ALICE).expect("503 5.5.1 Send EHLO first");
        c.send("EHLO client.test").expectCode(250);
        c.send("MAIL FROM:<a@a.test>").expectCode(250);
        c.send("AUTH PLAIN " + PLAIN_ALICE).expect("503 5.5.1 AUTH not permitted during a mail transaction");
        c.send("RSET").expectCode(250);
        c.send("AUTH XOAUTH2 dG9rZW4=").expect("504 5.5.4 Unrecognized authentication type");
        c.send("AUTH").expect("501 5.5.4 Syntax: AUTH mechanism [initial-response]");
        c.send("AUTH PLAIN " + PLAIN_ALICE).expect("235 2.7.0 Authentication successful");
    }

    @Test
    void emptyInitialResponseCancelAndBadBase64() throws Exception {
        ScriptedClient c = underTls(start(b -> b.maxAuthFailures(10)));
        c.send("AUTH LOGIN =").expect("334 " + b64("Username:")); // "=" is an empty initial response
        c.send("*").expect("501 5.7.0 Authentication cancelled");
        c.send("AUTH PLAIN =").expect("501 5.5.2 Cannot decode the authentication response");
        c.send("AUTH PLAIN not*base64").expect("501 5.5.2 Cannot decode the authentication response");
        c.send("AUTH LOGIN").expect("334 " + b64("Username:"));
        c.send("@@@@").expect("501 5.5.2 Cannot decode the authentication response");
        c.send("AUTH PLAIN").expect("334 ");
        c.send(PLAIN_ALICE).expect("235 2.7.0 Authentication successful");
    }

    @Test
    void anOversizedResponseIsRefusedAndTheSessionGoesOn() throws Exception {
        ScriptedClient c = underTls(start(b -> b));
        c.send("AUTH LOGIN").expect("334 " + b64("Username:"));
        // one byte over the line limit (CRLF included): dropped unread
        c.send("Q".repeat(AuthHandler.MAX_RESPONSE_LINE - 1)).expect("500 5.5.6 Authentication response too long");
        c.send("NOOP").expect("250 2.0.0 OK");
        // a line that fits but decodes to more than the response limit
        c.send("AUTH LOGIN").expect("334 " + b64("Username:"));
        c.send(b64("a".repeat(SaslServerLimit.BYTES + 1))).expect("501 5.5.2 Cannot decode the authentication response");
        // a large response within the limits is read, decoded and judged (here as LOGIN's user name)
        c.send("AUTH LOGIN").expect("334 " + b64("Username:"));
        c.send(b64("a".repeat(SaslServerLimit.BYTES - 1))).expect("334 " + b64("Password:"));
        c.send(b64("nope")).expect("535 5.7.8 Authentication credentials invalid");
    }

    @Test
    void authLinesMayExceedTheCommandLineLimitOthersMayNot() throws Exception {
        ScriptedClient c = underTls(start(b -> b.limits(ServerLimits.defaults().withMaxCommandLine(512))));
        // a PLAIN initial response of ~3 KB: the user name is long, the server still reads and judges it
        String longUser = "u".repeat(3000);
        c.send("AUTH PLAIN " + b64("\0" + longUser + "\0" + PASSWORD))
                .expect("535 5.7.8 Authentication credentials invalid");
        c.send("NOOP " + "x".repeat(600)).expect("500 5.5.6 Line too long");
        c.send("AUTH PLAIN " + "A".repeat(AuthHandler.MAX_AUTH_LINE)).expect("500 5.5.6 Line too long");
        c.send("AUTH PLAIN " + PLAIN_ALICE).expect("235 2.7.0 Authentication successful");
    }

    @Test
    void tooManyFailuresCloseTheConnection() throws Exception {
        ScriptedClient c = underTls(start(b -> b));
        String wrong = b64("\0alice\0wrong");
        c.send("AUTH PLAIN " + wrong).expect("535 5.7.8 Authentication credentials invalid");
        c.send("AUTH PLAIN " + wrong).expect("535 5.7.8 Authentication credentials invalid");
        c.send("AUTH PLAIN " + wrong).expect("535 5.7.8 Authentication credentials invalid")
                .expect("421 4.7.0 mx.pigeon.test too many failed authentication attempts, closing connection");
        c.expectClosed();
    }

    @Test
    void noSecretReachesTheListener() throws Exception {
        ScriptedClient c = underTls(start(b -> b));
        String almost = b64("\0alice\0" + PASSWORD + "!");
        c.send("AUTH PLAIN " + almost).expectCode(535);
        c.send("AUTH LOGIN").expectCode(334);
        c.send(b64("alice")).expectCode(334);
        c.send(b64(PASSWORD)).expectCode(235);
        c.send("QUIT").expectCode(221);
        List<String> log = events.awaitSession(WAIT);
        assertThat(log).contains("C: AUTH PLAIN ****", "C: AUTH LOGIN", "AUTH LOGIN as alice");
        assertThat(String.join("\n", log)).doesNotContain(almost).doesNotContain(PASSWORD)
                .doesNotContain(b64(PASSWORD)).doesNotContain(b64("alice"));
    }

    private static final class SaslServerLimit {
        static final int BYTES = dev.pigeon.auth.SaslServer.MAX_RESPONSE_BYTES;
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
