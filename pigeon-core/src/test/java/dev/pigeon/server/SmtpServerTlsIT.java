package dev.pigeon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pigeon.auth.StoredUser;
import dev.pigeon.auth.UserStore;
import dev.pigeon.tls.HandshakeSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** STARTTLS (RFC 3207) and implicit TLS (RFC 8314) on the embedded server, with a verifying JDK client. */
class SmtpServerTlsIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String AUTH_LINE = "250-AUTH SCRAM-SHA-256 CRAM-MD5 PLAIN LOGIN";

    private static LoopbackTls tls;

    @TempDir
    Path maildir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final EventLog events = new EventLog();

    @BeforeAll
    static void certificate() throws Exception {
        tls = LoopbackTls.generate();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    private SmtpServer start(UnaryOperator<SmtpServer.Builder> options) throws IOException {
        SmtpServer.Builder b = SmtpServer.builder().hostname("mx.pigeon.test").maildir(maildir).listener(events)
                .tls(tls.server())
                .users(UserStore.of(List.of(StoredUser.withPassword("alice", "secret".toCharArray()))));
        SmtpServer server = options.apply(b).build().start();
        toClose.add(server);
        return server;
    }

    private ScriptedClient client(SmtpServer server) throws IOException {
        ScriptedClient c = ScriptedClient.greeted(server);
        toClose.add(c);
        return c;
    }

    private static void ehloBeforeTls(ScriptedClient c) throws IOException {
        c.send("EHLO client.test").expect(
                "250-mx.pigeon.test greets client.test",
                "250-PIPELINING",
                "250-8BITMIME",
                "250-SIZE " + ServerLimits.DEFAULT_MAX_MESSAGE_SIZE,
                "250-STARTTLS",
                "250 ENHANCEDSTATUSCODES");
    }

    private static void ehloUnderTls(ScriptedClient c) throws IOException {
        c.send("EHLO client.test").expect(
                "250-mx.pigeon.test greets client.test",
                "250-PIPELINING",
                "250-8BITMIME",
                "250-SIZE " + ServerLimits.DEFAULT_MAX_MESSAGE_SIZE,
                AUTH_LINE,
                "250 ENHANCEDSTATUSCODES");
    }

    @Test
    void startTlsThenEhloAgainOffersAuthAndNoLongerStartTls() throws Exception {
        ScriptedClient c = client(start(b -> b));
        ehloBeforeTls(c);
        c.send("STARTTLS").expect("220 2.0.0 Ready to start TLS");
        HandshakeSummary handshake = c.startTls(tls.client());
        assertThat(handshake.protocol()).isEqualTo("TLSv1.3");
        ehloUnderTls(c);
        c.send("STARTTLS").expect("503 5.5.1 TLS already active");
        c.send("QUIT").expect("221 2.0.0 mx.pigeon.test closing connection").expectClosed();
        assertThat(events.awaitSession(WAIT)).contains("TLS TLSv1.3 discarded 0");
    }

    @Test
    void startTlsSequenceAndSyntax() throws Exception {
        ScriptedClient c = client(start(b -> b));
        c.send("STARTTLS").expect("503 5.5.1 Send HELO or EHLO first");
        c.send("EHLO client.test").expectCode(250);
        c.send("STARTTLS now").expect("501 5.5.4 Syntax: STARTTLS takes no argument");
        c.send("STARTTLS").expect("220 2.0.0 Ready to start TLS");
        c.startTls(tls.client());
        c.send("NOOP").expect("250 2.0.0 OK");
    }

    @Test
    void withoutATlsContextStartTlsIsNotImplementedAndNotOffered() throws Exception {
        SmtpServer server = SmtpServer.builder().maildir(maildir).build().start();
        toClose.add(server);
        ScriptedClient c = client(server);
        assertThat(c.send("EHLO client.test").reply().lines()).noneMatch(l -> l.contains("STARTTLS"));
        c.send("STARTTLS").expect("502 5.5.1 Command not implemented");
    }

    /** CVE-2011-0411: commands pipelined behind STARTTLS arrived in plaintext and must not run under TLS. */
    @Test
    void commandsInjectedAfterStartTlsAreDiscarded() throws Exception {
        ScriptedClient c = client(start(b -> b));
        c.send("EHLO client.test").expectCode(250);
        String injected = "MAIL FROM:<x@y.test>\r\nRSET\r\n";
        c.sendRaw("STARTTLS\r\n" + injected); // one write, as an attacker in the middle would add it
        c.expect("220 2.0.0 Ready to start TLS");
        c.startTls(tls.client());
        // Had the server kept the injected lines, the first replies under TLS would be theirs (503, 250).
        c.send("HELP").expect("502 5.5.1 Command not implemented");
        c.send("MAIL FROM:<a@a.test>").expect("503 5.5.1 Send HELO or EHLO first");
        c.send("QUIT").expectCode(221);
        List<String> log = events.awaitSession(WAIT);
        assertThat(log).contains("TLS TLSv1.3 discarded " + injected.length());
        assertThat(log).noneMatch(e -> e.contains("x@y.test") || e.equals("C: RSET"));
    }

    @Test
    void tlsForgetsHeloAndTheTransaction() throws Exception {
        ScriptedClient c = client(start(b -> b));
        c.send("EHLO client.test").expectCode(250);
        c.send("MAIL FROM:<a@a.test>").expectCode(250);
        c.send("STARTTLS").expect("220 2.0.0 Ready to start TLS");
        c.startTls(tls.client());
        c.send("RCPT TO:<b@b.test>").expect("503 5.5.1 Send HELO or EHLO first");
        ehloUnderTls(c);
        c.send("RCPT TO:<b@b.test>").expect("503 5.5.1 Need MAIL before RCPT");
    }

    @Test
    void implicitTlsHandshakesBeforeTheGreeting() throws Exception {
        SmtpServer server = start(b -> b.tlsOnConnect(true));
        assertThat(server.isTlsOnConnect()).isTrue();
        assertThat(server.offersStartTls()).isFalse();
        ScriptedClient c = ScriptedClient.connectTls(server, tls.client());
        toClose.add(c);
        c.expect("220 mx.pigeon.test pigeon ESMTP ready");
        ehloUnderTls(c);
        c.send("STARTTLS").expect("503 5.5.1 TLS already active");
    }

    @Test
    void implicitTlsServerDropsAPlaintextClient() throws Exception {
        SmtpServer server = start(b -> b.tlsOnConnect(true));
        ScriptedClient c = ScriptedClient.connect(server);
        toClose.add(c);
        c.send("EHLO client.test");
        expectDropped(c);
        assertThat(events.awaitSession(WAIT)).contains("TLS failed").noneMatch(e -> e.startsWith("S: "));
    }

    @Test
    void garbageInsteadOfAHandshakeEndsTheSession() throws Exception {
        ScriptedClient c = client(start(b -> b));
        c.send("EHLO client.test").expectCode(250);
        c.send("STARTTLS").expect("220 2.0.0 Ready to start TLS");
        c.send("this is not a ClientHello");
        expectDropped(c);
        assertThat(events.awaitSession(WAIT)).contains("TLS failed");
    }

    @Test
    void aSilentClientIsCutOffAtTheHandshakeDeadline() throws Exception {
        ScriptedClient c = client(start(b -> b.tlsHandshakeTimeout(Duration.ofMillis(200))));
        c.send("EHLO client.test").expectCode(250);
        c.send("STARTTLS").expect("220 2.0.0 Ready to start TLS");
        expectDropped(c); // the client never starts the handshake; the server gives up, not the client's timeout
        assertThat(events.awaitSession(WAIT)).contains("TLS failed");
    }

    @Test
    void requireTlsRefusesMailAndAuthUntilTls() throws Exception {
        ScriptedClient c = client(start(b -> b.requireTls(true)));
        ehloBeforeTls(c);
        c.send("MAIL FROM:<a@a.test>").expect("530 5.7.0 Must issue a STARTTLS command first");
        c.send("AUTH PLAIN AGFsaWNlAHNlY3JldA==").expect("530 5.7.0 Must issue a STARTTLS command first");
        c.send("STARTTLS").expect("220 2.0.0 Ready to start TLS");
        c.startTls(tls.client());
        c.send("EHLO client.test").expectCode(250);
        c.send("MAIL FROM:<a@a.test>").expect("250 2.1.0 Sender OK");
    }

    @Test
    void receivedHeaderRecordsTlsAndTheAuthenticatedUser() throws Exception {
        SmtpServer server = start(b -> b);
        ScriptedClient c = client(server);
        c.send("EHLO client.test").expectCode(250);
        c.send("STARTTLS").expectCode(220);
        HandshakeSummary handshake = c.startTls(tls.client());
        c.send("EHLO client.test").expectCode(250);
        c.send("AUTH PLAIN AGFsaWNlAHNlY3JldA==").expect("235 2.7.0 Authentication successful");
        c.send("MAIL FROM:<alice@a.test>").expectCode(250);
        c.send("RCPT TO:<bob@b.test>").expectCode(250);
        c.send("DATA").expectCode(354);
        c.sendRaw("Subject: s\r\n\r\nhi\r\n.\r\n").expectCode(250);
        ReceivedMessage m = server.inbox().awaitMessage(WAIT);
        ClientInfo client = m.envelope().client();
        assertThat(client.tls()).hasValueSatisfying(t -> assertThat(t.protocol()).isEqualTo(handshake.protocol()));
        assertThat(client.authenticatedUser()).hasValue("alice");
        assertThat(client.protocolName()).isEqualTo("ESMTPSA");
        String file = Files.readString(m.path(), StandardCharsets.UTF_8);
        assertThat(file).contains("Received: from client.test ([127.0.0.1])\r\n"
                + "\t(using " + handshake.protocol() + " with cipher " + handshake.cipherSuite() + ")\r\n"
                + "\t(Authenticated sender: alice)\r\n"
                + "\tby mx.pigeon.test (pigeon) with ESMTPSA id " + m.path().getFileName() + "\r\n"
                + "\tfor <bob@b.test>;\r\n\t");
    }

    @Test
    void inconsistentSettingsAreRefusedAtBuild() {
        assertThatThrownBy(() -> SmtpServer.builder().requireTls(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TLS context");
        assertThatThrownBy(() -> SmtpServer.builder().tlsOnConnect(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TLS context");
        assertThatThrownBy(() -> SmtpServer.builder().requireAuth(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("users");
    }

    /** The server closed the connection without an SMTP reply (a TLS alert record may come first). */
    private static void expectDropped(ScriptedClient c) throws IOException {
        byte[] rest = c.drainUntilClosed();
        assertThat(rest.length == 0 || rest[0] == 0x15).as("nothing but a TLS alert: " + rest.length + " bytes").isTrue();
    }
}
