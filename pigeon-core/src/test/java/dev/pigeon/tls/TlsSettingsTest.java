package dev.pigeon.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TlsSettingsTest {
    private static final String PIN = "sha256/jCp/UUSwzOXHi2juByr7k8IoNALcESo+gXCg53ZUEdU=";

    @Test
    void defaultsAreSafe() {
        TlsSettings settings = TlsSettings.defaults();
        assertThat(settings.verify()).isTrue();
        assertThat(settings.trustedCertificates()).isEmpty();
        assertThat(settings.pins()).isEmpty();
        assertThat(settings.clientKey()).isEmpty();
        assertThat(settings.serverName()).isEmpty();
        assertThat(settings.protocols()).isEmpty();
        assertThat(settings.nameFor("mx.example")).isEqualTo("mx.example");
    }

    @Test
    void builderCollectsOptions() {
        TlsSettings settings = TlsSettings.builder().insecure().pin(PIN).pin(PIN)
                .serverName("sni.example").protocols(" TLSv1.2, TLSv1.3 ,").build();
        assertThat(settings.verify()).isFalse();
        assertThat(settings.pins()).containsExactly(PublicKeyPin.parse(PIN));
        assertThat(settings.protocols()).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(settings.nameFor("127.0.0.1")).isEqualTo("sni.example");
    }

    @Test
    void refusesBadServerNamesAndUnknownProtocols() {
        assertThatThrownBy(() -> TlsSettings.builder().serverName("a b").build())
                .isInstanceOf(IllegalArgumentException.class);
        TlsSettings tls14 = TlsSettings.builder().protocols("TLSv1.4").build();
        assertThatThrownBy(() -> ClientTls.create(tls14))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unsupported TLS protocol 'TLSv1.4'; supported: ")
                .hasMessageContaining("TLSv1.3");
    }

    @Test
    void printingSettingsNeverShowsThePrivateKey() throws Exception {
        CertifiedKey client = SelfSignedCertificate.generate(java.time.Clock.systemUTC(), java.util.List.of("client.example"));
        String printed = TlsSettings.builder().clientKey(client).build().toString();
        String keyBase64 = java.util.Base64.getEncoder().encodeToString(client.privateKey().getEncoded());
        assertThat(printed).contains("CertifiedKey[CN=client.example, chain of 1, EC key]");
        assertThat(printed).doesNotContain(keyBase64.substring(40, 60));
        assertThat(printed).doesNotContain(((java.security.interfaces.ECPrivateKey) client.privateKey()).getS().toString(16));
    }
}
