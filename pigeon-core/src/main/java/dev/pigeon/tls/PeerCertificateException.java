package dev.pigeon.tls;

import java.security.cert.CertificateException;

/**
 * pigeon's trust manager refusing a server certificate; the handshake exception carries it as a
 * cause, and {@link CertificateFailure#of(Throwable)} finds it there.
 */
public final class PeerCertificateException extends CertificateException {
    private final transient CertificateFailure failure;

    public PeerCertificateException(CertificateFailure failure, Throwable cause) {
        super(failure.reason(), cause);
        this.failure = failure;
    }

    public CertificateFailure failure() {
        return failure;
    }
}
