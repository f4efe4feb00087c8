package dev.pigeon.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The embedded server's side of TLS: an {@link SSLContext} presenting a certificate chain and key,
 * optionally trusting given issuers for client certificates (the server decides whether to want
 * or need them on its sockets).
 */
public final class ServerTls {
    private ServerTls() {}

    public static SSLContext context(CertifiedKey key) throws GeneralSecurityException {
        return context(key, List.of());
    }

    /** A context presenting {@code key}; client certificates are accepted from {@code clientIssuers}. */
    public static SSLContext context(CertifiedKey key, List<X509Certificate> clientIssuers)
            throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        TrustManager[] trust = clientIssuers.isEmpty() ? null : KeyStores.trustManagers(clientIssuers);
        context.init(KeyStores.keyManagers(key), trust, null);
        return context;
    }

    /** A context from PEM files ({@code --tls-cert}, {@code --tls-key}). */
    public static SSLContext fromPem(Path certificateFile, Path keyFile) throws IOException, GeneralSecurityException {
        return context(CertifiedKey.fromPem(certificateFile, keyFile));
    }
}
