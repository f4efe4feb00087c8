package dev.pigeon.tls;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The client side of TLS, made once from {@link TlsSettings}: an {@link SSLContext} whose trust
 * manager checks chain, dates, host name and pins, and {@link #layer} to put TLS over a connected
 * socket (STARTTLS, or implicit TLS right after connecting).
 *
 * <p>Host names are checked by pigeon ({@link HostNames}, RFC 6125/7817 rules), not by the JDK's
 * "HTTPS" endpoint identification: the JDK's check falls back to the connected host when an SNI
 * name fails, and its error does not list the certificate's names. So sockets made here leave
 * the endpoint identification algorithm unset, and the trust manager makes the name check
 * whenever verification is on.
 */
public final class ClientTls {
    private final TlsSettings settings;
    private final SSLContext context;

    private ClientTls(TlsSettings settings, SSLContext context) {
        this.settings = settings;
        this.context = context;
    }

    public static ClientTls create(TlsSettings settings) throws GeneralSecurityException {
        return create(settings, Clock.systemUTC());
    }

    static ClientTls create(TlsSettings settings, Clock clock) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        X509ExtendedTrustManager chainValidator = settings.verify() ? chainValidator(settings.trustedCertificates()) : null;
        TrustManager trust = new VerifyingTrustManager(chainValidator, settings.pins(), clock);
        KeyManager[] keys = settings.clientKey().isPresent()
                ? KeyStores.keyManagers(settings.clientKey().get())
                : null;
        context.init(keys, new TrustManager[] {trust}, null);
        checkProtocols(context, settings.protocols());
        return new ClientTls(settings, context);
    }

    public TlsSettings settings() {
        return settings;
    }

    public SSLContext context() {
        return context;
    }

    public SSLSocketFactory socketFactory() {
        return context.getSocketFactory();
    }

    /**
     * Layers TLS over a connected socket, configured for {@code host} but not yet handshaken: call
     * {@link SSLSocket#startHandshake()} (the socket's read timeout bounds it). Closing the TLS
     * socket closes {@code plain}.
     */
    public SSLSocket layer(Socket plain, String host, int port) throws IOException {
        String name = settings.nameFor(host);
        SSLSocket socket = (SSLSocket) socketFactory().createSocket(plain, name, port, true);
        return configure(socket, host);
    }

    /**
     * Sets client mode, SNI (a host name, never an IP literal) and the enabled protocols. The
     * name checked against the certificate is the SNI name, or else the host the socket was
     * created for ({@link #layer} creates it for {@link TlsSettings#nameFor}, so both agree).
     *
     * <p>Session resumption: the JDK caches client sessions by that host and port, so a session
     * verified for one name is never resumed for another.
     */
    public SSLSocket configure(SSLSocket socket, String host) {
        String name = settings.nameFor(host);
        socket.setUseClientMode(true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(serverNameIndication(name));
        parameters.setEndpointIdentificationAlgorithm(null); // pigeon checks names itself, see class doc
        if (!settings.protocols().isEmpty()) {
            parameters.setProtocols(settings.protocols().toArray(String[]::new));
        }
        socket.setSSLParameters(parameters);
        return socket;
    }

    private static X509ExtendedTrustManager chainValidator(List<X509Certificate> anchors)
            throws GeneralSecurityException {
        for (TrustManager manager : KeyStores.trustManagers(anchors)) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JDK offers no X509ExtendedTrustManager");
    }

    private static void checkProtocols(SSLContext context, List<String> protocols) {
        Set<String> supported = Set.of(context.getSupportedSSLParameters().getProtocols());
        for (String protocol : protocols) {
            if (!supported.contains(protocol)) {
                throw new IllegalArgumentException("unsupported TLS protocol '" + protocol + "'; supported: "
                        + String.join(", ", Arrays.stream(context.getDefaultSSLParameters().getProtocols()).toList()));
            }
        }
    }

    /**
     * SNI carries host names only (RFC 6066): none for an IP literal, nor for a name the JDK will not
     * send (an underscore, say). The name is still checked: the socket was created for it.
     */
    private static List<SNIServerName> serverNameIndication(String name) {
        if (HostNames.isIpLiteral(name)) {
            return List.of();
        }
        try {
            return List.of(new SNIHostName(stripTrailingDot(name)));
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    private static String stripTrailingDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
