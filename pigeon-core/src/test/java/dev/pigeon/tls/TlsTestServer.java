package dev.pigeon.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A plain JDK TLS server on 127.0.0.1:0 for one connection: it completes the handshake, records
 * what it saw, sends one byte ('x') and waits for the client to close. Every wait has a deadline.
 */
final class TlsTestServer implements AutoCloseable {
    static final int TIMEOUT_MILLIS = 10_000;

    /** What the server saw; {@code failure} is set when its handshake failed. */
    record Outcome(String protocol, List<String> sniNames, List<X509Certificate> clientChain, Exception failure) {}

    private final SSLServerSocket server;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final Thread thread;

    private TlsTestServer(SSLServerSocket server) {
        this.server = server;
        this.thread = Thread.ofPlatform().daemon().name("tls-test-server").start(this::serveOne);
    }

    static TlsTestServer start(SSLContext context) throws IOException {
        return start(context, s -> { });
    }

    static TlsTestServer start(SSLContext context, Consumer<SSLServerSocket> setup) throws IOException {
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        server.setSoTimeout(TIMEOUT_MILLIS);
        setup.accept(server);
        return new TlsTestServer(server);
    }

    int port() {
        return server.getLocalPort();
    }

    Outcome outcome() throws Exception {
        return outcome.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void serveOne() {
        try (SSLSocket socket = (SSLSocket) server.accept()) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            try {
                socket.startHandshake();
                socket.getOutputStream().write('x');
                socket.getOutputStream().flush();
            } catch (IOException e) {
                outcome.complete(new Outcome(null, List.of(), List.of(), e));
                return;
            }
            ExtendedSSLSession session = (ExtendedSSLSession) socket.getSession();
            outcome.complete(new Outcome(session.getProtocol(), sniNames(session), clientChain(session), null));
            drain(socket.getInputStream());
        } catch (IOException e) {
            outcome.complete(new Outcome(null, List.of(), List.of(), e));
        }
    }

    private static List<String> sniNames(ExtendedSSLSession session) {
        List<String> out = new ArrayList<>();
        for (SNIServerName name : session.getRequestedServerNames()) {
            out.add(name instanceof SNIHostName host ? host.getAsciiName() : name.toString());
        }
        return out;
    }

    private static List<X509Certificate> clientChain(ExtendedSSLSession session) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            for (Certificate c : session.getPeerCertificates()) {
                out.add((X509Certificate) c);
            }
        } catch (SSLPeerUnverifiedException e) {
            // No client certificate.
        }
        return out;
    }

    private static void drain(InputStream in) {
        try {
            while (in.read() >= 0) {
                // until the client closes
            }
        } catch (IOException e) {
            // The client went away: fine.
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        thread.join(TIMEOUT_MILLIS);
    }
}
