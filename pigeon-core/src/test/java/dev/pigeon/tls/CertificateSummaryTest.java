package dev.pigeon.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CertificateSummaryTest {
    @Test
    void showsSubjectIssuerDatesNamesAndPin() throws Exception {
        CertifiedKey key = CertificateBuilder.forNames("localhost", "127.0.0.1")
                .validity(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z")).build();
        CertificateSummary summary = CertificateSummary.of(key.leaf());

        assertThat(summary.lines()).containsExactly(
                "subject: CN=localhost",
                "issuer: CN=localhost",
                "valid: 2026-01-01 to 2027-01-01",
                "names: localhost, 127.0.0.1",
                "pin: " + PublicKeyPin.of(key.leaf()));
    }

    @Test
    void controlCharactersFromTheCertificateNeverPass() throws Exception {
        CertifiedKey key = CertificateBuilder.forNames("ok.example").commonName("evil\u001b[2J\r\nx\u0085y\u00e9")
                .validity(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z")).build();
        CertificateSummary summary = CertificateSummary.of(key.leaf());

        assertThat(String.join("\n", summary.lines()).replace("\n", ""))
                .doesNotContainPattern("[\\x00-\\x1F\\x7F\\x80-\\x9F]");
        assertThat(summary.subject()).contains("\\x1B").contains("\\xC2\\x85").contains("\u00e9");
    }

    @Test
    void handshakeHeadline() {
        HandshakeSummary summary = new HandshakeSummary("TLSv1.3", "TLS_AES_256_GCM_SHA384", java.util.List.of());
        assertThat(summary.headline()).isEqualTo("TLS started: TLSv1.3, TLS_AES_256_GCM_SHA384");
        assertThat(summary.lines()).containsExactly("TLS started: TLSv1.3, TLS_AES_256_GCM_SHA384");
    }
}
