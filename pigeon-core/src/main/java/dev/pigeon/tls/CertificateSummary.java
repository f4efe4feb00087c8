package dev.pigeon.tls;

import dev.pigeon.protocol.Escaping;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What a transcript shows of a certificate. Certificate fields are chosen by whoever made the
 * certificate, so every text here has passed {@link Escaping#visible(byte[])}: no control
 * character (no terminal escape) survives.
 *
 * @param subject the subject DN (RFC 2253 form), escaped
 * @param issuer the issuer DN, escaped
 * @param dnsNames subjectAltName DNS names, escaped
 * @param ipAddresses subjectAltName IP addresses
 */
public record CertificateSummary(
        String subject,
        String issuer,
        Instant notBefore,
        Instant notAfter,
        List<String> dnsNames,
        List<String> ipAddresses,
        PublicKeyPin pin) {

    public CertificateSummary {
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
    }

    public static CertificateSummary of(X509Certificate certificate) {
        return new CertificateSummary(
                safe(certificate.getSubjectX500Principal().getName()),
                safe(certificate.getIssuerX500Principal().getName()),
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(),
                HostNames.sanEntries(certificate, 2).stream().map(CertificateSummary::safe).toList(),
                HostNames.sanEntries(certificate, 7).stream().map(CertificateSummary::safe).toList(),
                PublicKeyPin.of(certificate));
    }

    /** Validity as ISO dates (UTC): {@code 2026-01-01 to 2027-01-01}. */
    public String validity() {
        return isoDate(notBefore) + " to " + isoDate(notAfter);
    }

    /** All names, DNS then IP. */
    public List<String> names() {
        List<String> all = new ArrayList<>(dnsNames);
        all.addAll(ipAddresses);
        return List.copyOf(all);
    }

    /** The lines a transcript prints under "TLS started", without any prefix. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("subject: " + subject);
        lines.add("issuer: " + issuer);
        lines.add("valid: " + validity());
        if (!names().isEmpty()) {
            lines.add("names: " + String.join(", ", names()));
        }
        lines.add("pin: " + pin);
        return List.copyOf(lines);
    }

    static String isoDate(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    /** Escapes text taken from a certificate for a terminal. */
    static String safe(String text) {
        return Escaping.visible(text.getBytes(StandardCharsets.UTF_8));
    }
}
