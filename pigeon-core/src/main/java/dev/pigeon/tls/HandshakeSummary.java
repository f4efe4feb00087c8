package dev.pigeon.tls;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * A finished handshake as a transcript shows it: {@code TLS started: TLSv1.3, TLS_AES_256_GCM_SHA384}
 * followed by the peer certificate's lines.
 *
 * @param peerChain the peer's certificates, leaf first; empty when the peer sent none
 */
public record HandshakeSummary(String protocol, String cipherSuite, List<CertificateSummary> peerChain) {
    public HandshakeSummary {
        peerChain = List.copyOf(peerChain);
    }

    public static HandshakeSummary of(SSLSession session) {
        List<CertificateSummary> chain = new ArrayList<>();
        try {
            for (Certificate certificate : session.getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(CertificateSummary.of(x509));
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            // No peer certificate (a server not asking for a client certificate): nothing to show.
        }
        return new HandshakeSummary(CertificateSummary.safe(session.getProtocol()),
                CertificateSummary.safe(session.getCipherSuite()), chain);
    }

    /** {@code TLS started: TLSv1.3, TLS_AES_256_GCM_SHA384} (a printer adds its own prefix). */
    public String headline() {
        return "TLS started: " + protocol + ", " + cipherSuite;
    }

    /** The headline, then the leaf certificate's lines. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(headline());
        if (!peerChain.isEmpty()) {
            lines.addAll(peerChain.get(0).lines());
        }
        return List.copyOf(lines);
    }
}
