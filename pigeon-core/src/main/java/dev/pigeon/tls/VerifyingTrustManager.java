package dev.pigeon.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The client's trust decision, in this order: the leaf's validity dates, the chain (the JDK's PKIX
 * trust manager), the host name ({@link HostNames}), then the public-key pins. Every refusal is a
 * {@link PeerCertificateException} carrying a {@link CertificateFailure}, so the user learns
 * which of these failed and, for a name mismatch, which names the certificate holds.
 *
 * <p>With verification off only the pins are checked. The name checked is the SNI name set on the
 * socket, or else the host the socket was created for.
 */
final class VerifyingTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager chainValidator; // null: verification off
    private final List<PublicKeyPin> pins;
    private final Clock clock;

    VerifyingTrustManager(X509ExtendedTrustManager chainValidator, List<PublicKeyPin> pins, Clock clock) {
        this.chainValidator = chainValidator;
        this.pins = List.copyOf(pins);
        this.clock = clock;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        Optional<String> name = Optional.empty();
        if (socket instanceof SSLSocket ssl) {
            name = expectedName(ssl.getSSLParameters(), ssl.getHandshakeSession());
        }
        check(chain, authType, name);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        Optional<String> name = engine == null ? Optional.empty()
                : expectedName(engine.getSSLParameters(), engine.getHandshakeSession());
        check(chain, authType, name);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, authType, Optional.empty());
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("this trust manager checks servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("this trust manager checks servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager checks servers only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return chainValidator == null ? new X509Certificate[0] : chainValidator.getAcceptedIssuers();
    }

    private void check(X509Certificate[] chain, String authType, Optional<String> name) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server sent no certificate");
        }
        X509Certificate leaf = chain[0];
        if (chainValidator != null) {
            checkDates(leaf);
            try {
                chainValidator.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                throw new PeerCertificateException(CertificateFailure.fromValidation(e, chain), e);
            }
            checkName(leaf, name);
        }
        checkPin(leaf);
    }

    /** The leaf's own dates, checked first: PKIX skips them when the leaf is itself a trust anchor. */
    private void checkDates(X509Certificate leaf) throws PeerCertificateException {
        try {
            leaf.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException e) {
            throw new PeerCertificateException(new CertificateFailure.Expired(leaf.getNotAfter().toInstant()), e);
        } catch (CertificateNotYetValidException e) {
            throw new PeerCertificateException(new CertificateFailure.NotYetValid(leaf.getNotBefore().toInstant()), e);
        }
    }

    private void checkName(X509Certificate leaf, Optional<String> name) throws CertificateException {
        if (name.isEmpty()) {
            throw new CertificateException("no host name to check the certificate against");
        }
        if (!HostNames.matches(leaf, name.get())) {
            List<String> names = HostNames.presentedNames(leaf).stream().map(CertificateSummary::safe).toList();
            throw new PeerCertificateException(
                    new CertificateFailure.HostMismatch(CertificateSummary.safe(name.get()), names), null);
        }
    }

    private void checkPin(X509Certificate leaf) throws PeerCertificateException {
        if (pins.isEmpty()) {
            return;
        }
        PublicKeyPin got = PublicKeyPin.of(leaf);
        if (!pins.contains(got)) {
            throw new PeerCertificateException(new CertificateFailure.PinMismatch(got, pins), null);
        }
    }

    static Optional<String> expectedName(SSLParameters parameters, SSLSession handshake) {
        List<SNIServerName> serverNames = parameters.getServerNames();
        if (serverNames != null) {
            for (SNIServerName serverName : serverNames) {
                if (serverName instanceof SNIHostName host) {
                    return Optional.of(host.getAsciiName());
                }
            }
        }
        return Optional.ofNullable(handshake == null ? null : handshake.getPeerHost());
    }
}
