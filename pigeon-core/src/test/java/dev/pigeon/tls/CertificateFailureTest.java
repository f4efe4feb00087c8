package dev.pigeon.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class CertificateFailureTest {
    private static final Instant FROM = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2025-01-01T00:00:00Z");

    private static X509Certificate certificate() throws Exception {
        return CertificateBuilder.forNames("mx.example").commonName("mx.example").validity(FROM, UNTIL).build().leaf();
    }

    private static SSLHandshakeException handshakeFailing(Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException("PKIX path building failed");
        e.initCause(cause);
        return e;
    }

    @Test
    void pigeonsOwnRefusalIsFoundAnywhereInTheCauseChain() {
        CertificateFailure mismatch = new CertificateFailure.HostMismatch("a.example", List.of("b.example"));
        Throwable error = handshakeFailing(new IOException(new PeerCertificateException(mismatch, null)));
        assertThat(CertificateFailure.of(error)).contains(mismatch);
        assertThat(mismatch.reason()).isEqualTo("host name mismatch: connected to 'a.example' but the certificate names:"
                + " b.example; use --tls-sni or --tls-insecure");
    }

    @Test
    void jdkPathFailuresAreClassified() throws Exception {
        X509Certificate cert = certificate();
        var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert));
        CertificateException expired = new CertificateException("validity check failed",
                new CertPathValidatorException("expired", null, path, 0, CertPathValidatorException.BasicReason.EXPIRED));
        assertThat(CertificateFailure.fromValidation(expired, new X509Certificate[] {cert}))
                .isEqualTo(new CertificateFailure.Expired(UNTIL));

        CertificateException untrusted = new CertificateException("PKIX path building failed",
                new CertPathBuilderException("unable to find valid certification path to requested target"));
        assertThat(CertificateFailure.fromValidation(untrusted, new X509Certificate[] {cert}).reason())
                .isEqualTo("certificate is not trusted (issuer CN=mx.example is not in the trust store);"
                        + " use --tls-ca FILE or --tls-insecure");
    }

    @Test
    void otherRefusalsKeepTheJdkWordsEscaped() {
        Throwable error = handshakeFailing(new CertificateException("weak \u001b[31malgorithm"));
        assertThat(CertificateFailure.of(error).orElseThrow().reason())
                .isEqualTo("certificate rejected: weak \\x1B[31malgorithm; use --tls-insecure to connect anyway");
    }

    @Test
    void handshakeFailuresWithoutCertificateCauseAreNotCertificateFailures() {
        assertThat(CertificateFailure.of(new SSLHandshakeException("No appropriate protocol"))).isEmpty();
        assertThat(CertificateFailure.of(new IOException("connection reset"))).isEmpty();
    }
}
