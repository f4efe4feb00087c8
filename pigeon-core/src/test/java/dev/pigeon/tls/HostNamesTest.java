package dev.pigeon.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostNamesTest {
    private static X509Certificate certificate(String... names) throws Exception {
        Instant now = Instant.now();
        return CertificateBuilder.forNames(names).validity(now, now.plus(Duration.ofDays(1))).build().leaf();
    }

    @ParameterizedTest
    @CsvSource({
        "mx.example.com, mx.example.com, true",
        "MX.Example.COM., mx.example.com, true",
        "mx.example.com, *.example.com, true",
        "a.b.example.com, *.example.com, false",
        "example.com, *.example.com, false",
        "example.com, *.com, false",
        "mx.example.com, m*.example.com, false",
        "mx.example.com, *.*.com, false",
        "other.example.com, mx.example.com, false",
    })
    void dnsNamesFollowRfc6125(String host, String pattern, boolean matches) throws Exception {
        assertThat(HostNames.matches(certificate(pattern), host)).as(host + " vs " + pattern).isEqualTo(matches);
    }

    @Test
    void ipLiteralsMatchOnlyIpEntries() throws Exception {
        X509Certificate cert = certificate("localhost", "127.0.0.1", "::1");
        assertThat(HostNames.matches(cert, "127.0.0.1")).isTrue();
        assertThat(HostNames.matches(cert, "::1")).isTrue();
        assertThat(HostNames.matches(cert, "[0:0:0:0:0:0:0:1]")).isTrue();
        assertThat(HostNames.matches(cert, "127.0.0.2")).isFalse();
        // A DNS entry spelling an IP never matches the IP.
        assertThat(HostNames.matches(CertificateBuilder.forNames("a.example").commonName("10.0.0.1")
                .validity(Instant.now(), Instant.now().plusSeconds(60)).build().leaf(), "10.0.0.1")).isFalse();
    }

    @Test
    void commonNameCountsOnlyWithoutDnsNames() throws Exception {
        Instant now = Instant.now();
        X509Certificate cnOnly = CertificateBuilder.forNames().commonName("legacy.example")
                .validity(now, now.plusSeconds(60)).build().leaf();
        assertThat(HostNames.matches(cnOnly, "legacy.example")).isTrue();
        assertThat(HostNames.presentedNames(cnOnly)).containsExactly("legacy.example");

        X509Certificate withSan = CertificateBuilder.forNames("san.example").commonName("cn.example")
                .validity(now, now.plusSeconds(60)).build().leaf();
        assertThat(HostNames.matches(withSan, "cn.example")).isFalse();
        assertThat(HostNames.matches(withSan, "san.example")).isTrue();
    }

    @Test
    void presentedNamesListDnsThenIp() throws Exception {
        assertThat(HostNames.presentedNames(certificate("localhost", "127.0.0.1", "::1", "mail.example")))
                .containsExactly("localhost", "mail.example", "127.0.0.1", "::1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "255.255.255.255", "::1", "[::1]", "fe80::1", "::ffff:10.0.0.1"})
    void recognisesIpLiterals(String literal) {
        assertThat(HostNames.isIpLiteral(literal)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "256.1.1.1", "1.2.3", "mail.example", "cafe", "1.2.3.4.example"})
    void hostNamesAreNotIpLiterals(String name) {
        assertThat(HostNames.isIpLiteral(name)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "0:0:0:0:0:0:0:1, ::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:0:0:0:2:1, 2001:db8::2:1",
        "2001:db8:1:1:1:1:1:1, 2001:db8:1:1:1:1:1:1",
        "0:0:0:0:0:0:0:0, ::",
        "fe80:0:0:0:0:0:0:0, fe80::",
        "127.0.0.1, 127.0.0.1"})
    void ipAddressesPrintInRfc5952Form(String jdkForm, String expected) {
        assertThat(HostNames.compactIp(jdkForm)).isEqualTo(expected);
    }
}
