package dev.pigeon.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real handshakes over 127.0.0.1 between a JDK SSLServerSocket and pigeon's client TLS. */
class ClientTlsIT {
    private static CertifiedKey local;      // self-signed: localhost, 127.0.0.1, ::1
    private static CertifiedKey ca;         // a test CA
    private static final Instant NOW = Instant.now();

    @BeforeAll
    static void certificates() throws Exception {
        local = SelfSignedCertificate.generate(Clock.systemUTC(), SelfSignedCertificate.LOCAL_NAMES);
        ca = CertificateBuilder.forNames().commonName("Pigeon Test CA").certificateAuthority()
                .validity(NOW.minus(Duration.ofDays(1000)), NOW.plus(Duration.ofDays(1000))).build();
    }

    /** Connects to the server as {@code host}, handshakes and reads the server's one byte. */
    private static SSLSocket connect(TlsSettings settings, TlsTestServer server, String host) throws Exception {
        ClientTls tls = ClientTls.create(settings);
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", server.port()), TlsTestServer.TIMEOUT_MILLIS);
        plain.setSoTimeout(TlsTestServer.TIMEOUT_MILLIS);
        SSLSocket socket = tls.layer(plain, host, server.port());
        try {
            socket.startHandshake();
            assertThat(socket.getInputStream().read()).isEqualTo('x');
            return socket;
        } catch (IOException | RuntimeException | Error e) {
            socket.close();
            throw e;
        }
    }

    /** Runs a handshake that must fail on a certificate, and returns the one-line reason. */
    private static String refusal(SSLContext serverContext, TlsSettings settings, String host) throws Exception {
        try (TlsTestServer server = TlsTestServer.start(serverContext)) {
            Throwable error = catchThrowable(() -> connect(settings, server, host).close());
            assertThat(error).isInstanceOf(SSLHandshakeException.class);
            Optional<CertificateFailure> failure = CertificateFailure.of(error);
            assertThat(failure).as("classified: %s", error).isPresent();
            assertThat(server.outcome().failure()).as("the server saw the refusal").isNotNull();
            return failure.get().reason();
        }
    }

    private static void accepted(SSLContext serverContext, TlsSettings settings, String host) throws Exception {
        try (TlsTestServer server = TlsTestServer.start(serverContext);
                SSLSocket socket = connect(settings, server, host)) {
            assertThat(server.outcome().failure()).isNull();
        }
    }

    private static TlsSettings trusting(CertifiedKey anchor) {
        return TlsSettings.builder().trust(List.of(anchor.chain().get(anchor.chain().size() - 1))).build();
    }

    @Test
    void selfSignedCertificateFromPemFilesVerifiesForLocalhostAndTheIpLiteral(@TempDir Path dir) throws Exception {
        SelfSignedCertificate.PemFiles files = SelfSignedCertificate.writePem(local, dir);
        SSLContext serverContext = ServerTls.fromPem(files.certificate(), files.privateKey());
        TlsSettings settings = TlsSettings.builder().trustPemFile(files.certificate()).build();

        try (TlsTestServer server = TlsTestServer.start(serverContext);
                SSLSocket socket = connect(settings, server, "localhost")) {
            HandshakeSummary summary = HandshakeSummary.of(socket.getSession());
            assertThat(summary.headline()).startsWith("TLS started: TLSv1.3, TLS_");
            assertThat(summary.lines()).contains("subject: CN=localhost", "names: localhost, 127.0.0.1, ::1");
            assertThat(server.outcome().sniNames()).containsExactly("localhost");
        }
        try (TlsTestServer server = TlsTestServer.start(serverContext);
                SSLSocket socket = connect(settings, server, "127.0.0.1")) {
            assertThat(server.outcome().sniNames()).as("no SNI for an IP literal").isEmpty();
        }
    }

    @Test
    void otherNameIsRefusedListingTheCertificateNames() throws Exception {
        String reason = refusal(ServerTls.context(local), trusting(local), "mail.example.net");
        assertThat(reason).isEqualTo("host name mismatch: connected to 'mail.example.net' but the certificate names:"
                + " localhost, 127.0.0.1, ::1; use --tls-sni or --tls-insecure");
    }

    @Test
    void sniOverrideIsSentAndIsTheNameChecked() throws Exception {
        CertifiedKey mail = CertificateBuilder.forNames("mail.example.net").issuedBy(ca)
                .validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1))).build();
        TlsSettings overridden = TlsSettings.builder().trust(List.of(ca.leaf())).serverName("mail.example.net").build();
        try (TlsTestServer server = TlsTestServer.start(ServerTls.context(mail));
                SSLSocket socket = connect(overridden, server, "127.0.0.1")) {
            assertThat(server.outcome().sniNames()).containsExactly("mail.example.net");
        }
        String reason = refusal(ServerTls.context(mail), trusting(ca), "127.0.0.1");
        assertThat(reason).isEqualTo("host name mismatch: connected to '127.0.0.1' but the certificate names:"
                + " mail.example.net; use --tls-sni or --tls-insecure");
    }

    @Test
    void untrustedIssuerIsNamed() throws Exception {
        String bySystemStore = refusal(ServerTls.context(local), TlsSettings.defaults(), "localhost");
        assertThat(bySystemStore).isEqualTo("certificate is not trusted (issuer CN=localhost is not in the trust store);"
                + " use --tls-ca FILE or --tls-insecure");

        CertifiedKey leaf = CertificateBuilder.forNames("localhost").issuedBy(ca)
                .validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1))).build();
        CertifiedKey onlyLeafSent = new CertifiedKey(List.of(leaf.leaf()), leaf.privateKey());
        assertThat(refusal(ServerTls.context(onlyLeafSent), trusting(local), "localhost"))
                .isEqualTo("certificate is not trusted (issuer CN=Pigeon Test CA is not in the trust store);"
                        + " use --tls-ca FILE or --tls-insecure");
    }

    @Test
    void caIssuedChainIsAccepted() throws Exception {
        CertifiedKey leaf = CertificateBuilder.forNames("localhost").keyType(CertificateBuilder.KeyType.RSA_2048)
                .issuedBy(ca).validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1))).build();
        accepted(ServerTls.context(leaf), trusting(ca), "localhost");
        // The server sending only its leaf is enough when the client has the CA.
        accepted(ServerTls.context(new CertifiedKey(List.of(leaf.leaf()), leaf.privateKey())), trusting(ca), "localhost");
    }

    @Test
    void expiredSelfSignedAnchorIsRefusedWithItsDate() throws Exception {
        Instant twoYearsAgo = NOW.minus(Duration.ofDays(730));
        CertifiedKey old = SelfSignedCertificate.generate(Clock.fixed(twoYearsAgo, ZoneOffset.UTC), List.of("localhost"));
        String expiry = CertificateSummary.isoDate(twoYearsAgo.plus(Duration.ofDays(365)));
        assertThat(refusal(ServerTls.context(old), trusting(old), "localhost"))
                .isEqualTo("certificate expired on " + expiry + "; use --tls-insecure to connect anyway");
    }

    @Test
    void expiredLeafAndExpiredIntermediateAreRefusedWithTheirDates() throws Exception {
        Instant ended = Instant.parse("2025-01-01T12:00:00Z");
        CertifiedKey leaf = CertificateBuilder.forNames("localhost").issuedBy(ca)
                .validity(ended.minus(Duration.ofDays(90)), ended).build();
        assertThat(refusal(ServerTls.context(leaf), trusting(ca), "localhost"))
                .isEqualTo("certificate expired on 2025-01-01; use --tls-insecure to connect anyway");

        Instant intermediateEnded = Instant.parse("2025-06-30T00:00:00Z");
        CertifiedKey intermediate = CertificateBuilder.forNames().commonName("Pigeon Intermediate").certificateAuthority()
                .issuedBy(ca).validity(intermediateEnded.minus(Duration.ofDays(900)), intermediateEnded).build();
        CertifiedKey validLeaf = CertificateBuilder.forNames("localhost").issuedBy(intermediate)
                .validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1))).build();
        assertThat(refusal(ServerTls.context(validLeaf), trusting(ca), "localhost"))
                .isEqualTo("certificate expired on 2025-06-30; use --tls-insecure to connect anyway");
    }

    @Test
    void notYetValidLeafIsRefused() throws Exception {
        Instant starts = NOW.plus(Duration.ofDays(30));
        CertifiedKey future = CertificateBuilder.forNames("localhost").issuedBy(ca)
                .validity(starts, starts.plus(Duration.ofDays(30))).build();
        assertThat(refusal(ServerTls.context(future), trusting(ca), "localhost"))
                .isEqualTo("certificate is not valid before " + CertificateSummary.isoDate(starts)
                        + " (check the clock); use --tls-insecure to connect anyway");
    }

    @Test
    void pinsAreCheckedWithAndWithoutVerification() throws Exception {
        PublicKeyPin right = PublicKeyPin.of(local.leaf());
        PublicKeyPin wrong = PublicKeyPin.of(ca.leaf());
        accepted(ServerTls.context(local), TlsSettings.builder().trust(local.chain()).pin(right).build(), "localhost");
        accepted(ServerTls.context(local), TlsSettings.builder().insecure().pin(wrong).pin(right).build(), "anything.example");

        String expected = "public key pin mismatch: got " + right + ", expected " + wrong + "; check --tls-pin";
        assertThat(refusal(ServerTls.context(local), TlsSettings.builder().trust(local.chain()).pin(wrong).build(), "localhost"))
                .isEqualTo(expected);
        assertThat(refusal(ServerTls.context(local), TlsSettings.builder().insecure().pin(wrong).build(), "localhost"))
                .isEqualTo(expected);
    }

    @Test
    void insecureAcceptsUntrustedExpiredAndMisnamedCertificates() throws Exception {
        TlsSettings insecure = TlsSettings.builder().insecure().build();
        CertifiedKey old = SelfSignedCertificate.generate(
                Clock.fixed(NOW.minus(Duration.ofDays(730)), ZoneOffset.UTC), List.of("old.example"));
        accepted(ServerTls.context(old), insecure, "127.0.0.1");
        accepted(ServerTls.context(local), insecure, "wrong.example");
    }

    @Test
    void clientCertificateIsPresentedAndSeenByTheServer() throws Exception {
        CertifiedKey client = CertificateBuilder.forNames().commonName("pigeon-client")
                .validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1))).build();
        SSLContext serverContext = ServerTls.context(local, List.of(client.leaf()));
        TlsSettings withCert = TlsSettings.builder().trust(local.chain()).clientKey(client).build();
        try (TlsTestServer server = TlsTestServer.start(serverContext, s -> s.setNeedClientAuth(true));
                SSLSocket socket = connect(withCert, server, "localhost")) {
            assertThat(server.outcome().clientChain()).containsExactly(client.leaf());
        }
        // Without one, a server that needs it refuses the handshake.
        try (TlsTestServer server = TlsTestServer.start(serverContext, s -> s.setNeedClientAuth(true))) {
            Throwable error = catchThrowable(() -> connect(trusting(local), server, "localhost").close());
            assertThat(error).isInstanceOf(SSLException.class);
            assertThat(server.outcome().failure()).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void protocolSettingIsRespected() throws Exception {
        TlsSettings tls12 = TlsSettings.builder().trust(local.chain()).protocols("TLSv1.2").build();
        try (TlsTestServer server = TlsTestServer.start(ServerTls.context(local));
                SSLSocket socket = connect(tls12, server, "localhost")) {
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(server.outcome().protocol()).isEqualTo("TLSv1.2");
        }
        try (TlsTestServer server = TlsTestServer.start(ServerTls.context(local),
                s -> s.setEnabledProtocols(new String[] {"TLSv1.3"}))) {
            Throwable error = catchThrowable(() -> connect(tls12, server, "localhost").close());
            assertThat(error).isInstanceOf(SSLHandshakeException.class);
            assertThat(CertificateFailure.of(error)).as("not a certificate problem").isEmpty();
            assertThat(server.outcome().failure()).isNotNull();
        }
    }

    @Test
    void tls12HandshakeAlsoReportsNameMismatch() throws Exception {
        TlsSettings tls12 = TlsSettings.builder().trust(local.chain()).protocols("TLSv1.2").build();
        assertThat(refusal(ServerTls.context(local), tls12, "mx.example")).startsWith("host name mismatch: connected to 'mx.example'");
    }
}
