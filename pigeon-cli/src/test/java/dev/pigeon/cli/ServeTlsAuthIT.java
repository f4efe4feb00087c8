package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.protocol.Reply;
import dev.pigeon.protocol.ReplyDecoder;
import dev.pigeon.tls.ClientTls;
import dev.pigeon.tls.TlsSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pigeon serve} with TLS and AUTH: the printed certificate path verifies, AUTH works only as configured. */
class ServeTlsAuthIT {
    private static final String PASSWORD = "s3cret pass";

    @TempDir
    Path dir;

    /** A running {@code pigeon serve}; stopped the way Ctrl-C stops it. */
    private record Serve(Thread thread, LineQueue out, ByteArrayOutputStream err, AtomicInteger exit) {
        static Serve start(String... args) {
            LineQueue out = new LineQueue();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            AtomicInteger exit = new AtomicInteger(-1);
            Thread t = Thread.ofPlatform().name("serve").start(() -> exit.set(Main.run(args,
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    new ByteArrayInputStream(new byte[0]))));
            return new Serve(t, out, err, exit);
        }

        int stop() throws InterruptedException {
            thread.interrupt();
            thread.join(10_000);
            assertThat(thread.isAlive()).isFalse();
            return exit.get();
        }
    }

    /** A minimal SMTP client over a socket that may become TLS. */
    private static final class Wire implements AutoCloseable {
        Socket socket;
        InputStream in;
        OutputStream out;
        final ReplyDecoder decoder = new ReplyDecoder();

        Wire(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        Reply send(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return reply();
        }

        Reply reply() throws IOException {
            byte[] buf = new byte[4096];
            while (true) {
                Reply r = decoder.poll();
                if (r != null) {
                    return r;
                }
                int n = in.read(buf);
                if (n < 0) {
                    throw new EOFException("server closed the connection");
                }
                decoder.feed(buf, 0, n);
            }
        }

        void startTls(ClientTls tls) throws IOException {
            SSLSocket ssl = tls.layer(socket, "localhost", socket.getPort());
            ssl.startHandshake(); // verifies the chain and the name "localhost"
            socket = ssl;
            in = ssl.getInputStream();
            out = ssl.getOutputStream();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void selfSignedCertificateIsPrintedAndVerifiesAndAuthIsRequired() throws Exception {
        Path maildir = dir.resolve("mail");
        Serve serve = Serve.start("serve", "--port", "0", "--maildir", maildir.toString(), "--tls-self-signed",
                "--user", "alice:" + PASSWORD, "--require-auth");
        try {
            String certLine = serve.out().next();
            Matcher cm = Pattern.compile("pigeon: self-signed certificate for localhost, 127\\.0\\.0\\.1, ::1 written to"
                    + " (\\S+) \\(clients trust it with --tls-ca \\1\\)").matcher(certLine);
            assertThat(cm.matches()).as(certLine).isTrue();
            Path cert = Path.of(cm.group(1));
            assertThat(cert).isEqualTo(dir.resolve("mail-tls").resolve("cert.pem"));
            assertThat(Files.readString(cert)).startsWith("-----BEGIN CERTIFICATE-----");

            String started = serve.out().next();
            Matcher m = Pattern.compile("pigeon: listening on 127\\.0\\.0\\.1:(\\d+) \\(STARTTLS, AUTH after STARTTLS"
                    + " for 1 user, AUTH required\\), storing to (.+)").matcher(started);
            assertThat(m.matches()).as(started).isTrue();

            ClientTls tls = ClientTls.create(TlsSettings.builder().trustPemFile(cert).build());
            try (Wire w = new Wire(Integer.parseInt(m.group(1)))) {
                assertThat(w.reply().code()).isEqualTo(220);
                assertThat(w.send("EHLO client.test").lines()).contains("250-STARTTLS").noneMatch(l -> l.contains("AUTH"));
                assertThat(w.send("STARTTLS").lines()).containsExactly("220 2.0.0 Ready to start TLS");
                w.startTls(tls);
                assertThat(w.send("EHLO client.test").lines()).contains("250-AUTH SCRAM-SHA-256 CRAM-MD5 PLAIN LOGIN");
                assertThat(w.send("MAIL FROM:<a@a.test>").lines()).containsExactly("530 5.7.0 Authentication required");
                String plain = Base64.getEncoder().encodeToString(("\0alice\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
                assertThat(w.send("AUTH PLAIN " + plain).code()).isEqualTo(235);
                assertThat(w.send("MAIL FROM:<a@a.test>").code()).isEqualTo(250);
                assertThat(w.send("RCPT TO:<b@b.test>").code()).isEqualTo(250);
                assertThat(w.send("DATA").code()).isEqualTo(354);
                assertThat(w.send("Subject: t\r\n\r\nhi\r\n.").code()).isEqualTo(250);
                assertThat(w.send("QUIT").code()).isEqualTo(221);
            }
            String received = serve.out().next();
            assertThat(received).matches("pigeon: message 1 from <a@a\\.test> to <b@b\\.test>, \\d+ bytes,"
                    + " over TLSv1\\.3, user alice, stored in .+");
        } finally {
            assertThat(serve.stop()).isZero();
        }
        String everything = serve.out().all + serve.err().toString(StandardCharsets.UTF_8);
        assertThat(everything).doesNotContain(PASSWORD);
    }

    @Test
    void implicitTlsWithAGivenCertificateAndUsersFile() throws Exception {
        // make a certificate with the self-signed option of a first, short-lived run
        Path tlsDir = dir.resolve("tls");
        Serve first = Serve.start("serve", "--port", "0", "--maildir", dir.resolve("m1").toString(),
                "--tls-self-signed", tlsDir.toString());
        first.out().next();
        first.out().next();
        assertThat(first.stop()).isZero();

        Path users = dir.resolve("users");
        Files.writeString(users, "# test users\n\nalice:" + PASSWORD + "\nbob:other\n");
        Serve serve = Serve.start("serve", "--port", "0", "--maildir", dir.resolve("m2").toString(),
                "--tls-cert", tlsDir.resolve("cert.pem").toString(), "--tls-key", tlsDir.resolve("key.pem").toString(),
                "--tls-on-connect", "--users", users.toString());
        try {
            String started = serve.out().next();
            Matcher m = Pattern.compile("pigeon: listening on 127\\.0\\.0\\.1:(\\d+) \\(implicit TLS, AUTH for 2 users\\),"
                    + " storing to .+").matcher(started);
            assertThat(m.matches()).as(started).isTrue();
            ClientTls tls = ClientTls.create(TlsSettings.builder().trustPemFile(tlsDir.resolve("cert.pem")).build());
            try (Wire w = new Wire(Integer.parseInt(m.group(1)))) {
                w.startTls(tls);
                assertThat(w.reply().code()).isEqualTo(220);
                assertThat(w.send("EHLO client.test").lines()).noneMatch(l -> l.contains("STARTTLS"))
                        .contains("250-AUTH SCRAM-SHA-256 CRAM-MD5 PLAIN LOGIN");
                String bob = Base64.getEncoder().encodeToString("\0bob\0other".getBytes(StandardCharsets.UTF_8));
                assertThat(w.send("AUTH PLAIN " + bob).code()).isEqualTo(235);
            }
        } finally {
            assertThat(serve.stop()).isZero();
        }
    }

    /** The real thing: pigeon send, verifying the printed certificate, authenticating with each mechanism. */
    @Test
    void pigeonSendDeliversThroughPigeonServeWithEveryMechanism() throws Exception {
        Path maildir = dir.resolve("mail");
        Path passwordFile = dir.resolve("pw");
        Files.writeString(passwordFile, PASSWORD + "\n");
        Serve serve = Serve.start("serve", "--port", "0", "--maildir", maildir.toString(), "--tls-self-signed",
                "--user", "alice:" + PASSWORD, "--require-tls", "--require-auth");
        List<String> mechanisms = List.of("SCRAM-SHA-256", "CRAM-MD5", "PLAIN", "LOGIN");
        try {
            Matcher cm = Pattern.compile(".* written to (\\S+) .*").matcher(serve.out().next());
            assertThat(cm.matches()).isTrue();
            Matcher m = Pattern.compile("pigeon: listening on 127\\.0\\.0\\.1:(\\d+) .*").matcher(serve.out().next());
            assertThat(m.matches()).isTrue();
            for (String mechanism : mechanisms) {
                Cli.Run sent = Cli.run("send", "--server", "127.0.0.1", "--port", m.group(1), "--timeout", "10",
                        "--tls", "--tls-ca", cm.group(1), "--auth", mechanism, "--auth-user", "alice",
                        "--auth-password-file", passwordFile.toString(),
                        "--from", "alice@example.org", "--to", "bob@example.org", "--body", mechanism);
                assertThat(sent.exitCode()).as(sent.toString()).isZero();
                assertThat(sent.out() + sent.err()).doesNotContain(PASSWORD);
                assertThat(serve.out().next()).as(mechanism)
                        .matches("pigeon: message \\d from <alice@example\\.org> to <bob@example\\.org>, \\d+ bytes,"
                                + " over TLSv1\\.3, user alice, stored in .+");
            }
            Cli.Run untrusted = Cli.run("send", "--server", "127.0.0.1", "--port", m.group(1), "--timeout", "10",
                    "--tls", "--auth-user", "alice", "--auth-password-file", passwordFile.toString(),
                    "--from", "alice@example.org", "--to", "bob@example.org", "--body", "x");
            assertThat(untrusted.exitCode()).as(untrusted.toString()).isEqualTo(ExitCodes.NOPERM);
        } finally {
            assertThat(serve.stop()).isZero();
        }
        assertThat(serve.out().all.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void plaintextAuthWarns() throws Exception {
        Serve serve = Serve.start("serve", "--port", "0", "--maildir", dir.resolve("m").toString(),
                "--user", "alice:" + PASSWORD, "--auth-plaintext");
        try {
            assertThat(serve.out().next()).matches("pigeon: listening on \\S+ \\(AUTH for 1 user\\), storing to .+");
        } finally {
            assertThat(serve.stop()).isZero();
        }
        assertThat(serve.err().toString(StandardCharsets.UTF_8)).isEqualTo("pigeon: warning: --auth-plaintext: AUTH is"
                + " offered without TLS; passwords cross the network readable by anyone on the path\n");
    }

    @Test
    void usageErrorsNeverEchoThePassword() {
        String m = dir.resolve("m").toString();
        Cli.Run noTls = Cli.run("serve", "--port", "0", "--maildir", m, "--user", "alice:" + PASSWORD);
        assertThat(noTls.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noTls.err()).contains("AUTH is only offered under TLS");

        Cli.Run noColon = Cli.run("serve", "--port", "0", "--maildir", m, "--tls-self-signed", "--user", PASSWORD);
        assertThat(noColon.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noColon.err()).contains("NAME:PASSWORD");

        for (Cli.Run run : new Cli.Run[] {noTls, noColon}) {
            assertThat(run.out() + run.err()).doesNotContain(PASSWORD).doesNotContain("s3cret");
        }

        Cli.Run requireTls = Cli.run("serve", "--port", "0", "--maildir", m, "--require-tls");
        assertThat(requireTls.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(requireTls.err()).contains("--require-tls needs a certificate");

        Cli.Run halfPair = Cli.run("serve", "--port", "0", "--maildir", m, "--tls-cert", "c.pem");
        assertThat(halfPair.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(halfPair.err()).contains("--tls-cert and --tls-key go together");

        Cli.Run requireAuth = Cli.run("serve", "--port", "0", "--maildir", m, "--tls-self-signed", "--require-auth");
        assertThat(requireAuth.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(requireAuth.err()).contains("--require-auth needs users");
    }

    @Test
    void aBadUsersFileLineIsNamedNotShown() throws Exception {
        Path users = dir.resolve("users");
        Files.writeString(users, "alice:" + PASSWORD + "\n" + PASSWORD + "\n");
        Cli.Run run = Cli.run("serve", "--port", "0", "--maildir", dir.resolve("m").toString(), "--tls-self-signed",
                "--users", users.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.DATAERR);
        assertThat(run.err()).contains("line 2: expected NAME:PASSWORD").doesNotContain(PASSWORD);
    }
}
