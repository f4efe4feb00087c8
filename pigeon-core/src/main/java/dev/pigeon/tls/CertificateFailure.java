package dev.pigeon.tls;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Why a server certificate was refused, as one line a user can act on: what was wrong and the
 * option that would change it. All names in a reason are escaped (they come from the certificate).
 *
 * <p>Find it with {@link #of(Throwable)} on the {@code SSLHandshakeException} a handshake threw.
 */
public sealed interface CertificateFailure {

    /** One line, e.g. {@code certificate expired on 2025-01-01; use --tls-insecure to connect anyway}. */
    String reason();

    /** No trust anchor vouches for the chain; {@code issuer} is the top certificate's issuer. */
    record Untrusted(String issuer) implements CertificateFailure {
        @Override
        public String reason() {
            return "certificate is not trusted (issuer " + issuer + " is not in the trust store);"
                    + " use --tls-ca FILE or --tls-insecure";
        }
    }

    record Expired(Instant notAfter) implements CertificateFailure {
        @Override
        public String reason() {
            return "certificate expired on " + CertificateSummary.isoDate(notAfter)
                    + "; use --tls-insecure to connect anyway";
        }
    }

    record NotYetValid(Instant notBefore) implements CertificateFailure {
        @Override
        public String reason() {
            return "certificate is not valid before " + CertificateSummary.isoDate(notBefore)
                    + " (check the clock); use --tls-insecure to connect anyway";
        }
    }

    /** The certificate does not name the host we meant to reach. */
    record HostMismatch(String host, List<String> names) implements CertificateFailure {
        public HostMismatch {
            names = List.copyOf(names);
        }

        @Override
        public String reason() {
            String offered = names.isEmpty() ? "(no names)" : String.join(", ", names);
            return "host name mismatch: connected to '" + host + "' but the certificate names: " + offered
                    + "; use --tls-sni or --tls-insecure";
        }
    }

    record PinMismatch(PublicKeyPin got, List<PublicKeyPin> expected) implements CertificateFailure {
        public PinMismatch {
            expected = List.copyOf(expected);
        }

        @Override
        public String reason() {
            return "public key pin mismatch: got " + got + ", expected "
                    + String.join(" or ", expected.stream().map(PublicKeyPin::toString).toList())
                    + "; check --tls-pin";
        }
    }

    /** Any other refusal (bad signature, weak algorithm, revoked, …), with the JDK's escaped words. */
    record Rejected(String detail) implements CertificateFailure {
        @Override
        public String reason() {
            return "certificate rejected: " + detail + "; use --tls-insecure to connect anyway";
        }
    }

    /**
     * The certificate failure behind a handshake error, if there was one: a refusal by pigeon's
     * trust manager carries it; a bare JDK validation error is classified as well as its causes allow.
     * Empty when the handshake failed for another reason (protocol version, closed connection, …).
     */
    static Optional<CertificateFailure> of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof PeerCertificateException refused) {
                return Optional.of(refused.failure());
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof CertificateException e) {
                return Optional.of(fromValidation(e, new X509Certificate[0]));
            }
        }
        return Optional.empty();
    }

    /** Classifies the JDK's PKIX refusal of {@code chain} (leaf first). */
    static CertificateFailure fromValidation(CertificateException error, X509Certificate[] chain) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof CertPathValidatorException invalid) {
                Optional<CertificateFailure> known = fromReason(invalid, chain);
                if (known.isPresent()) {
                    return known.get();
                }
            }
            if (t instanceof CertPathBuilderException) {
                String issuer = chain.length == 0 ? "(unknown)"
                        : CertificateSummary.safe(chain[chain.length - 1].getIssuerX500Principal().getName());
                return new Untrusted(issuer);
            }
        }
        return new Rejected(CertificateSummary.safe(String.valueOf(error.getMessage())));
    }

    private static Optional<CertificateFailure> fromReason(CertPathValidatorException e, X509Certificate[] chain) {
        X509Certificate culprit = culprit(e, chain);
        if (culprit == null) {
            return Optional.empty();
        }
        if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
            return Optional.of(new Expired(culprit.getNotAfter().toInstant()));
        }
        if (e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
            return Optional.of(new NotYetValid(culprit.getNotBefore().toInstant()));
        }
        return Optional.empty();
    }

    private static X509Certificate culprit(CertPathValidatorException e, X509Certificate[] chain) {
        if (e.getCertPath() != null && e.getIndex() >= 0 && e.getIndex() < e.getCertPath().getCertificates().size()
                && e.getCertPath().getCertificates().get(e.getIndex()) instanceof X509Certificate x509) {
            return x509;
        }
        return chain.length > 0 ? chain[0] : null;
    }
}
