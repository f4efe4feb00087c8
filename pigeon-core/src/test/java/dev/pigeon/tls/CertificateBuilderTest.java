package dev.pigeon.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateBuilderTest {
    private static final Instant NOW = Instant.parse("2026-11-28T10:15:30Z");

    @Test
    void selfSignedLeafHasTheNamesAndExtensionsWeMeant() throws Exception {
        CertifiedKey key = SelfSignedCertificate.generate(Clock.fixed(NOW, ZoneOffset.UTC), SelfSignedCertificate.LOCAL_NAMES);
        X509Certificate cert = key.leaf();

        cert.verify(cert.getPublicKey()); // self-signed, and the signature is right
        assertThat(cert.getVersion()).isEqualTo(3);
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofHours(1)));
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(365)));
        assertThat(cert.getSubjectAlternativeNames()).containsExactly(
                List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
        assertThat(cert.getBasicConstraints()).isEqualTo(-1); // not a CA
        assertThat(cert.getKeyUsage()).startsWith(true, false, false, false, false, false);
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(cert.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.19", "2.5.29.15");
        assertThat(cert.getSerialNumber().signum()).isEqualTo(1);
        assertThat(key.privateKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void rsaLeafIssuedByACertificateAuthority() throws Exception {
        CertifiedKey ca = CertificateBuilder.forNames().commonName("Pigeon Test CA").certificateAuthority()
                .validity(NOW, NOW.plus(Duration.ofDays(10))).build();
        CertifiedKey leaf = CertificateBuilder.forNames("mail.example").keyType(CertificateBuilder.KeyType.RSA_2048)
                .issuedBy(ca).validity(NOW, NOW.plus(Duration.ofDays(2))).build();

        assertThat(ca.leaf().getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(ca.leaf().getKeyUsage()).startsWith(true, false, false, false, false, true, true);
        assertThat(leaf.chain()).containsExactly(leaf.leaf(), ca.leaf());
        leaf.leaf().verify(ca.leaf().getPublicKey());
        assertThat(leaf.leaf().getSigAlgName()).isEqualTo("SHA256withECDSA"); // signed by the EC CA
        assertThat(leaf.leaf().getPublicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(leaf.leaf().getKeyUsage()).startsWith(true, false, true);
        assertThat(leaf.leaf().getIssuerX500Principal().getName()).isEqualTo("CN=Pigeon Test CA");
    }

    @Test
    void derTimesSwitchToGeneralizedTimeIn2050() {
        assertThat(new String(Der.time(Instant.parse("2049-12-31T23:59:59.900Z")), StandardCharsets.ISO_8859_1))
                .isEqualTo("\u0017\r491231235959Z");
        assertThat(new String(Der.time(Instant.parse("2050-01-01T00:00:00Z")), StandardCharsets.ISO_8859_1))
                .isEqualTo("\u0018\u000F20500101000000Z");
    }

    @Test
    void derEncodingsAreExact() {
        HexFormat hex = HexFormat.of();
        assertThat(hex.formatHex(Der.oid("1.2.840.10045.4.3.2"))).isEqualTo("06082a8648ce3d040302");
        assertThat(hex.formatHex(Der.oid("2.5.29.17"))).isEqualTo("0603551d11");
        assertThat(hex.formatHex(Der.namedBits(0x80))).isEqualTo("03020780");
        assertThat(hex.formatHex(Der.namedBits(0xA0))).isEqualTo("030205a0");
        assertThat(hex.formatHex(Der.integer(128))).isEqualTo("02020080");
        assertThat(hex.formatHex(Der.octetString(new byte[200])).substring(0, 6)).isEqualTo("0481c8");
        assertThat(hex.formatHex(Der.octetString(new byte[300])).substring(0, 8)).isEqualTo("0482012c");
        assertThat(Pem.oidText(hex.parseHex("2a8648ce3d040302"))).isEqualTo("1.2.840.10045.4.3.2");
    }

    @Test
    void derReaderRefusesLiesAboutLength() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DerReader.readAll(new byte[] {0x30, 0x05, 0x01}))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DerReader.readAll(new byte[] {0x30, (byte) 0x85, 1, 1, 1, 1, 1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
