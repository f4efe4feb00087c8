package dev.pigeon.cli.hostile;

import static dev.pigeon.cli.hostile.HostileSend.TIMEOUT;
import static dev.pigeon.cli.hostile.HostileSend.assertPrintedSafely;
import static dev.pigeon.cli.hostile.HostileSend.assertPrintedSafelyInOneErrorLine;
import static dev.pigeon.cli.hostile.HostileSend.assertTookLessThan;
import static dev.pigeon.cli.hostile.HostileSend.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.testing.Dialogue;
import dev.pigeon.testing.Script;
import dev.pigeon.testing.ScriptedConnection;
import dev.pigeon.tls.CertifiedKey;
import dev.pigeon.tls.SelfSignedCertificate;
import dev.pigeon.tls.ServerTls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * STARTTLS and AUTH against servers that refuse, lie or inject: nothing secret leaves without TLS,
 * nothing read before the handshake is trusted after it, and capabilities are the ones announced
 * under TLS. (Injection in one segment, 454, untrusted certificates, pins and 535 are in
 * {@code SendTlsAuthIT}; endless 334s and AUTH only before TLS at the library level.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsAuthIT {
    private static final String PASSWORD = "hostile-Pa55word";
    @TempDir
    static Path dir;
    static SSLContext serverTls;
    static Path caFile;
    static Path passwordFile;

    @BeforeAll
    static void certificates() throws Exception {
        CertifiedKey key = SelfSignedCertificate.generateLocal();
        serverTls = ServerTls.context(key);
        caFile = SelfSignedCertificate.writePem(key, dir.resolve("tls")).certificate();
        passwordFile = Files.writeString(dir.resolve("pw"), PASSWORD + "\n");
    }

    private static Script.Builder offeringStartTls(String... more) {
        String[] ehlo = new String[more.length + 2];
        ehlo[0] = "250-hostile.test";
        System.arraycopy(more, 0, ehlo, 1, more.length);
        ehlo[ehlo.length - 1] = "250 STARTTLS";
        return Script.builder().send(Dialogue.GREETING).expect("EHLO ").send(ehlo).expect("STARTTLS");
    }

    private static String[] tlsAndAuth(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--tls", "--tls-ca", caFile.toString(), "--auth",
                "PLAIN", "--auth-user", "alice", "--auth-password-file", passwordFile.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static void assertNoSecret(HostileSend.Run run) {
        Base64.Encoder b64 = Base64.getEncoder();
        String plainIr = b64.encodeToString(("\0alice\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(run.out() + run.err()).doesNotContain(PASSWORD).doesNotContain(plainIr);
        if (run.connection() != null && run.connection().tlsStartedAt() < 0) {
            assertThat(run.wireText()).as("nothing secret in plaintext").doesNotContain(plainIr).doesNotContain("AUTH");
        }
    }

    @ParameterizedTest(name = "STARTTLS answered {0}, --tls -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            502 5.5.1 not implemented   | 69
            554 5.7.0 no TLS for you    | 69
            454 4.7.0 TLS not available | 75
            354 go ahead                | 69
            """)
    void requiredStartTlsRefusedStopsBeforeAuthAndMail(String reply, int exit) {
        HostileSend.Run run = send(offeringStartTls("250-AUTH PLAIN").send(reply).expect("QUIT").send("221 bye")
                .build(), tlsAndAuth());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(exit);
        assertPrintedSafelyInOneErrorLine(run);
        assertThat(run.err()).contains("STARTTLS", reply);
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.wireLines()).hasSize(3).endsWith("STARTTLS", "QUIT");
        assertThat(run.connection().tlsStartedAt()).isEqualTo(-1);
        assertNoSecret(run);
    }

    /** A positive reply other than 220 is not "go ahead": no handshake, no plaintext session either. */
    @Test
    void startTlsAnswered250IsAProtocolError() {
        HostileSend.Run run = send(offeringStartTls().send("250 sure, whatever").build(), "--tls-optional");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(76);
        assertPrintedSafelyInOneErrorLine(run);
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.wireLines()).containsExactly(run.wireLines().getFirst(), "STARTTLS");
    }

    @Test
    void optionalStartTlsRefusedGoesOnInPlainWithoutCredentials() {
        HostileSend.Run run = send(offeringStartTls().send("502 5.5.1 not here").expect("MAIL FROM:").send("250 ok")
                .expect("RCPT TO:").send("250 ok").expect("DATA").send("354 go").expectData().send("250 queued")
                .expect("QUIT").send("221 bye").build(), "--tls-optional");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        assertPrintedSafely(run);
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.connection().tlsStartedAt()).isEqualTo(-1);
        assertThat(run.connection().dataBlocks()).hasSize(1);
    }

    /** The 220 and the injected reply in two segments: the injection arrives with the end of the 220. */
    @Test
    void dataInjectedAfterASplit220Is76AndNothingFollows() {
        HostileSend.Run run = send(offeringStartTls("250-AUTH PLAIN").sendRaw("220 go")
                .pause(Duration.ofMillis(50)).injectAfterStartTls(" ahead", "250-injected\r\n250 AUTH PLAIN\r\n")
                .build(), tlsAndAuth());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(76);
        assertPrintedSafelyInOneErrorLine(run);
        assertThat(run.err()).contains("server sent data after its STARTTLS reply");
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.wireLines()).hasSize(2).last().isEqualTo("STARTTLS");
        assertNoSecret(run);
    }

    /** After the 220 the server answers the ClientHello with plaintext: a failed handshake, 69, nothing sent. */
    @Test
    void handshakeFailureIs69AndNothingIsSentInPlain() {
        HostileSend.Run run = send(offeringStartTls("250-AUTH PLAIN").send("220 go ahead")
                .pause(Duration.ofMillis(300)).sendRaw("HTTP/1.1 400 Bad Request\r\n\r\n").build(), tlsAndAuth());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(69);
        assertPrintedSafelyInOneErrorLine(run);
        assertThat(run.err()).contains("--tls-protocols");
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.wireLines().subList(0, 2)).endsWith("STARTTLS");
        assertThat(run.wireText()).doesNotContain("MAIL", "AUTH PLAIN");
        assertNoSecret(run);
    }

    /** After the 220 the server never answers the ClientHello: the handshake ends at the limit. */
    @Test
    void silentHandshakeTimesOutAtTheLimit() {
        HostileSend.Run run = send(offeringStartTls().send("220 go ahead").build(), tlsAndAuth());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(75);
        assertPrintedSafelyInOneErrorLine(run);
        assertTookLessThan(run, TIMEOUT);
        assertThat(run.wireText()).doesNotContain("MAIL", "AUTH");
        assertNoSecret(run);
    }

    /** AUTH is announced only under TLS (as it should be): used there, never before. */
    @Test
    void authAppearingOnlyAfterTlsIsUsedUnderTls() {
        HostileSend.Run run = send(offeringStartTls().send("220 go ahead").startTls(serverTls)
                .expect("EHLO ").send("250-tls.hostile.test", "250 AUTH PLAIN")
                .expect("AUTH PLAIN").send("235 2.7.0 ok")
                .expect("MAIL FROM:").send("250 ok").expect("RCPT TO:").send("250 ok").expect("DATA").send("354 go")
                .expectData().send("250 queued").expect("QUIT").send("221 bye").build(), tlsAndAuth());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertPrintedSafely(run);
        assertTookLessThan(run, Duration.ZERO);
        ScriptedConnection c = run.connection();
        assertThat(c.linesBeforeTls()).hasSize(2).last().isEqualTo("STARTTLS");
        assertThat(c.linesUnderTls()).anyMatch(l -> l.startsWith("AUTH PLAIN"));
        assertNoSecret(run);
    }

    /** AUTH announced before TLS only: after TLS nothing offers it, so no credentials go anywhere. */
    @Test
    void authAnnouncedOnlyBeforeTlsIs69AndNoCredentials() {
        HostileSend.Run run = send(offeringStartTls("250-AUTH PLAIN LOGIN").send("220 go ahead").startTls(serverTls)
                .expect("EHLO ").send("250 tls.hostile.test").expect("QUIT").send("221 bye").build(), tlsAndAuth());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(69);
        assertPrintedSafelyInOneErrorLine(run);
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.wireLines()).noneMatch(l -> l.startsWith("AUTH") || l.startsWith("MAIL"));
        assertNoSecret(run);
    }

    /** STARTTLS announced again under TLS: the client must not start TLS twice. */
    @Test
    void startTlsOfferedAgainUnderTlsIsIgnored() {
        HostileSend.Run run = send(offeringStartTls().send("220 go ahead").startTls(serverTls)
                .expect("EHLO ").send("250-tls.hostile.test", "250 STARTTLS")
                .expect("MAIL FROM:").send("250 ok").expect("RCPT TO:").send("250 ok").expect("DATA").send("354 go")
                .expectData().send("250 queued").expect("QUIT").send("221 bye").build(),
                "--tls", "--tls-ca", caFile.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertPrintedSafely(run);
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.connection().linesUnderTls()).filteredOn("STARTTLS"::equals).isEmpty();
    }

    /** A 334 challenge of megabytes: cut off at the line limit, 76, no credentials in the output. */
    @Test
    void anOversizedChallengeIsCutOffInBoundedTime() {
        long offered = 32L << 20;
        HostileSend.Run run = send(offeringStartTls().send("220 go ahead").startTls(serverTls)
                .expect("EHLO ").send("250-tls.hostile.test", "250 AUTH CRAM-MD5")
                .expect("AUTH CRAM-MD5").sendRaw("334 ").flood("QUFB", offered).build(),
                tlsAndAuth("--auth", "CRAM-MD5"));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(76);
        assertPrintedSafelyInOneErrorLine(run);
        assertThat(run.err()).contains("longer than");
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.connection().floodedBytes()).isLessThan(offered);
        assertThat(run.wireText()).doesNotContain("MAIL");
        assertNoSecret(run);
    }

    /**
     * A stream of 334s without end, sent ahead of any answer: the client answers the two LOGIN
     * asks, cancels with '*' and gives up, in bounded time; it never reaches MAIL.
     */
    @Test
    void endlessChallengesAreCancelled() {
        long offered = 8L << 20;
        Script.Builder b = offeringStartTls().send("220 go ahead").startTls(serverTls)
                .expect("EHLO ").send("250-tls.hostile.test", "250 AUTH LOGIN")
                .expect("AUTH LOGIN").flood("334 UGFzc3dvcmQ6\r\n", offered);
        HostileSend.Run run = send(b.build(), tlsAndAuth("--auth", "LOGIN"));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(77);
        assertPrintedSafelyInOneErrorLine(run);
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.connection().floodedBytes()).isLessThan(offered);
        assertThat(run.connection().linesUnderTls()).contains("*").hasSizeLessThan(10);
        assertThat(run.wireText()).doesNotContain("MAIL");
        assertNoSecret(run);
    }
}
