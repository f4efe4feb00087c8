package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.auth.StoredUser;
import dev.pigeon.auth.UserStore;
import dev.pigeon.server.SmtpServer;
import dev.pigeon.tls.CertifiedKey;
import dev.pigeon.tls.PublicKeyPin;
import dev.pigeon.tls.SelfSignedCertificate;
import dev.pigeon.tls.ServerTls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pigeon send} with TLS and AUTH against the embedded server (a self-signed certificate,
 * real SASL verifiers) and a scripted fake (refusals, injection): exit codes, the one-line
 * reasons, the transcript markers, and that no secret is ever printed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SendTlsAuthIT {
    private static final String PASSWORD = "s3cret-Pa55word";
    private static final UserStore USERS = UserStore.of(List.of(StoredUser.withPassword("alice", PASSWORD.toCharArray())));

    @TempDir
    static Path dir;
    static CertifiedKey key;
    static Path caFile;
    static Path passwordFile;

    @BeforeAll
    static void certificates() throws Exception {
        key = SelfSignedCertificate.generateLocal();
        caFile = SelfSignedCertificate.writePem(key, dir.resolve("tls")).certificate();
        passwordFile = dir.resolve("pw");
        Files.writeString(passwordFile, PASSWORD + "\n");
    }

    private static SmtpServer.Builder tlsServer() throws Exception {
        return SmtpServer.builder().maildir(Files.createTempDirectory(dir, "m")).tls(ServerTls.context(key)).users(USERS);
    }

    private static Cli.Run send(int port, String... extra) {
        List<String> args = new ArrayList<>(List.of("send", "--server", "127.0.0.1", "--port", Integer.toString(port),
                "--timeout", "10", "--from", "ann@example.org", "--to", "bob@example.org", "--subject", "hi",
                "--body", "hello"));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private static void assertNoSecret(Cli.Run run) {
        String all = run.out() + run.err();
        Base64.Encoder b64 = Base64.getEncoder();
        assertThat(all).doesNotContain(PASSWORD)
                .doesNotContain(b64.encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)))
                .doesNotContain(b64.encodeToString(("\0alice\0" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSelfSignedServerIsRefusedByDefaultWithTheReasonAndTheFlag() throws Exception {
        try (SmtpServer server = tlsServer().build().start()) {
            Cli.Run run = send(server.port());

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(77);
            assertThat(run.err()).contains("certificate is not trusted").contains("--tls-ca");
            assertThat(run.err().lines()).hasSize(1);
            assertThat(run.out()).contains(" -> STARTTLS").doesNotContain("MAIL FROM");
            assertThat(server.inbox().size()).isZero();
        }
    }

    @Test
    void startTlsWithTheCaAndAuthDeliversWithMarkersAndNoSecret() throws Exception {
        try (SmtpServer server = tlsServer().build().start()) {
            Cli.Run run = send(server.port(), "--tls", "--tls-ca", caFile.toString(), "--auth", "--auth-user", "alice",
                    "--auth-password-file", passwordFile.toString());

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains(" -> STARTTLS\n", "=== TLS started: TLSv1.3, ", "===    subject: ",
                    "===    names: localhost, 127.0.0.1", " ~> EHLO ", "<~  250", " ~> AUTH SCRAM-SHA-256 ****",
                    " ~> ****", "<~  235 ", " ~> MAIL FROM:<ann@example.org>");
            assertThat(run.out()).doesNotContain(" -> MAIL");
            assertNoSecret(run);
            assertThat(server.inbox().awaitMessage(Duration.ofSeconds(10))).isNotNull();
        }
    }

    @Test
    void plainAuthWithAPasswordCommand() throws Exception {
        try (SmtpServer server = tlsServer().build().start()) {
            Cli.Run run = send(server.port(), "--tls-ca", caFile.toString(), "--auth", "PLAIN", "--auth-user", "alice",
                    "--auth-password-cmd", "printf '%s\\n' '" + PASSWORD + "'; echo ignored");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains(" ~> AUTH PLAIN ****");
            assertNoSecret(run);
        }
    }

    @Test
    void showServerPrintsOnlyServerLinesUnderTlsToo() throws Exception {
        try (SmtpServer server = tlsServer().build().start()) {
            Cli.Run run = send(server.port(), "--tls-ca", caFile.toString(), "--show", "server");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).doesNotContain("===").doesNotContain("~>").doesNotContain("<~");
            assertThat(run.out().lines()).allMatch(l -> l.matches("\\d{3}[ -].*"));
        }
    }

    @Test
    void insecureConnectsAndWarns() throws Exception {
        try (SmtpServer server = tlsServer().build().start()) {
            Cli.Run run = send(server.port(), "--tls", "--tls-insecure");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.err()).contains("warning: --tls-insecure");
        }
    }

    @Test
    void aWrongPinIs77EvenWithTheCa() throws Exception {
        try (SmtpServer server = tlsServer().build().start()) {
            String otherPin = PublicKeyPin.of(SelfSignedCertificate.generateLocal().leaf()).toString();
            Cli.Run run = send(server.port(), "--tls-ca", caFile.toString(), "--tls-pin", otherPin);

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(77);
            assertThat(run.err()).contains("public key pin mismatch").contains("--tls-pin");
        }
    }

    @Test
    void theRightPinIsAcceptedWithoutTheCa() throws Exception {
        try (SmtpServer server = tlsServer().build().start()) {
            Cli.Run run = send(server.port(), "--tls-insecure", "--tls-pin", PublicKeyPin.of(key.leaf()).toString());

            assertThat(run.exitCode()).as(run.toString()).isZero();
        }
    }

    @Test
    void implicitTls() throws Exception {
        try (SmtpServer server = tlsServer().tlsOnConnect(true).build().start()) {
            Cli.Run run = send(server.port(), "--tls-on-connect", "--tls-ca", caFile.toString(), "--auth", "LOGIN",
                    "--auth-user", "alice", "--auth-password-file", passwordFile.toString());

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).containsSubsequence("=== Connected to", "=== TLS started", "<~  220 ");
            assertThat(run.out()).doesNotContain("STARTTLS\n");
            assertNoSecret(run);
        }
    }

    @Test
    void wrongPasswordIs77AndNoMail() throws Exception {
        try (SmtpServer server = tlsServer().build().start()) {
            Cli.Run run = send(server.port(), "--tls-ca", caFile.toString(), "--auth", "CRAM-MD5", "--auth-user",
                    "alice", "--auth-password", "wrong");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(77);
            assertThat(run.err()).contains("warning: --auth-password shows the password in the process list")
                    .contains("authentication failed: 535");
            assertThat(run.out()).doesNotContain("MAIL FROM");
        }
    }

    @Test
    void credentialsAreNotSentWithoutTlsUnlessAllowed() throws Exception {
        try (SmtpServer server = SmtpServer.builder().maildir(Files.createTempDirectory(dir, "m")).users(USERS)
                .allowPlaintextAuth(true).build().start()) {
            Cli.Run refused = send(server.port(), "--auth", "--auth-user", "alice",
                    "--auth-password-file", passwordFile.toString());

            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(69);
            assertThat(refused.err()).contains("refusing to send credentials over a connection without TLS")
                    .contains("--auth-plaintext");
            assertThat(refused.out()).doesNotContain("-> AUTH").doesNotContain("MAIL FROM").contains(" -> QUIT");

            Cli.Run allowed = send(server.port(), "--auth", "--auth-user", "alice", "--auth-plaintext",
                    "--auth-password-file", passwordFile.toString());
            assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
            assertNoSecret(allowed);
        }
    }

    @Test
    void noTlsWithAuthIsAUsageErrorBeforeConnecting() {
        Cli.Run run = send(1, "--no-tls", "--auth", "--auth-user", "alice", "--auth-password-file",
                passwordFile.toString());

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("--auth-plaintext");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void requiredTlsNotOfferedStopsBeforeMail() throws Exception {
        try (SmtpServer server = SmtpServer.builder().maildir(Files.createTempDirectory(dir, "m")).build().start()) {
            Cli.Run run = send(server.port(), "--tls");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(69);
            assertThat(run.err()).contains("STARTTLS is required but the server does not offer it");
            assertThat(run.out()).doesNotContain("MAIL FROM");
        }
    }

    @Test
    void startTlsRefusedWith454Is75() throws Exception {
        try (FakeSmtpServer fake = new FakeSmtpServer()
                .on("EHLO", FakeSmtpServer.say("250-fake.test", "250 STARTTLS"))
                .on("STARTTLS", FakeSmtpServer.say("454 4.7.0 TLS not available now")).start()) {
            Cli.Run run = send(fake.port(), "--tls");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(75);
            assertThat(run.err()).contains("the server refused STARTTLS for now");
            assertThat(fake.lines()).noneMatch(l -> l.startsWith("MAIL"));
        }
    }

    @Test
    void dataAfterThe220IsRefusedWith76() throws Exception {
        try (FakeSmtpServer fake = new FakeSmtpServer()
                .on("EHLO", FakeSmtpServer.say("250-fake.test", "250 STARTTLS"))
                .on("STARTTLS", FakeSmtpServer.raw("220 go ahead\r\n250-injected\r\n250 AUTH PLAIN\r\n")).start()) {
            Cli.Run run = send(fake.port(), "--auth", "PLAIN", "--auth-user", "alice", "--auth-password-file",
                    passwordFile.toString());

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(76);
            assertThat(run.err()).contains("server sent data after its STARTTLS reply");
            assertThat(fake.lines()).hasSize(2).last().isEqualTo("STARTTLS");
            assertNoSecret(run);
        }
    }

    @Test
    void aClientCertificateWithoutItsKeyIsAUsageError() {
        Cli.Run run = send(1, "--tls-cert", caFile.toString());

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("--tls-cert and --tls-key go together");
    }
}
