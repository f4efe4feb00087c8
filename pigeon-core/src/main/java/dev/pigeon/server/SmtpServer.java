package dev.pigeon.server;

import dev.pigeon.auth.SaslServer;
import dev.pigeon.auth.UserStore;
import dev.pigeon.protocol.WireText;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * The embedded receiving SMTP server: a sink that stores every accepted message into a Maildir
 * and records it in the {@link Inbox}; it never relays.
 *
 * <pre>{@code
 * try (SmtpServer server = SmtpServer.builder().hostname("mx.test").build().start()) {
 *     // send to 127.0.0.1:server.port() ...
 *     ReceivedMessage m = server.inbox().awaitMessage(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>One virtual thread accepts; each connection gets its own virtual thread. Without
 * {@link Builder#maildir(Path)} messages go to a temporary Maildir that {@link #close()} deletes.
 *
 * <p>TLS and AUTH, off by default: {@link Builder#tls(SSLContext)} offers STARTTLS (or, with
 * {@link Builder#tlsOnConnect(boolean)}, runs TLS from the first byte); {@link Builder#users(UserStore)}
 * offers AUTH, only under TLS unless {@link Builder#allowPlaintextAuth(boolean)};
 * {@link Builder#requireTls(boolean)} and {@link Builder#requireAuth(boolean)} refuse MAIL (530)
 * until then. Authenticating never turns the sink into a relay.
 */
public final class SmtpServer implements AutoCloseable {
    private final InetAddress bindAddress;
    private final int requestedPort;
    private final ServerConfig config;
    private final boolean temporaryMaildir;
    private final Duration closeTimeout;

    private final Set<ServerSession> sessions = ConcurrentHashMap.newKeySet();
    private final Set<Thread> sessionThreads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger active = new AtomicInteger();
    /** Connections served so far; numbers sessions for {@link Chaos}. */
    private final AtomicLong served = new AtomicLong();
    private volatile boolean closed;
    private ServerSocket serverSocket;
    private Thread acceptThread;

    private SmtpServer(Builder b, ServerSecurity security, MaildirStore store, boolean temporaryMaildir) {
        this.bindAddress = b.bindAddress;
        this.requestedPort = b.port;
        this.temporaryMaildir = temporaryMaildir;
        this.closeTimeout = b.closeTimeout;
        this.config = new ServerConfig(b.hostname, b.limits, b.receiver, store, new Inbox(), b.listener, security,
                b.chaos);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds and starts accepting; returns this, so {@code builder().build().start()} reads well. */
    public synchronized SmtpServer start() throws IOException {
        if (serverSocket != null || closed) {
            throw new IllegalStateException("server already started or closed");
        }
        ServerSocket ss = new ServerSocket();
        try {
            ss.bind(new InetSocketAddress(bindAddress, requestedPort), 128);
        } catch (IOException e) {
            ss.close();
            throw e;
        }
        serverSocket = ss;
        acceptThread = Thread.ofVirtual().name("pigeon-smtp-accept-" + ss.getLocalPort()).start(this::acceptLoop);
        return this;
    }

    /** The bound port (useful with the default port 0). */
    public int port() {
        return address().getPort();
    }

    public InetSocketAddress address() {
        ServerSocket ss = serverSocket;
        if (ss == null) {
            throw new IllegalStateException("server not started");
        }
        return new InetSocketAddress(ss.getInetAddress(), ss.getLocalPort());
    }

    public String hostname() {
        return config.hostname();
    }

    public ServerLimits limits() {
        return config.limits();
    }

    public Inbox inbox() {
        return config.inbox();
    }

    /** The Maildir messages are stored in (temporary unless the builder named one). */
    public Path maildir() {
        return config.store().root();
    }

    /** True when the server speaks TLS from the first byte (implicit TLS, RFC 8314). */
    public boolean isTlsOnConnect() {
        return config.security().tlsOnConnect();
    }

    /** True when STARTTLS is offered (a TLS context is configured, and TLS is not on connect). */
    public boolean offersStartTls() {
        return config.security().offersStartTls(config.security().tlsOnConnect());
    }

    /** The AUTH mechanisms offered (under TLS, or always with plaintext AUTH allowed); empty: no AUTH. */
    public java.util.List<String> authMechanisms() {
        return config.security().sasl().map(SaslServer::mechanisms).orElse(java.util.List.of());
    }

    /** Connections open right now. */
    public int activeConnections() {
        return active.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue; // e.g. too many open files: keep serving the connections we have
            }
            if (active.incrementAndGet() > config.limits().maxConnections()) {
                active.decrementAndGet();
                refuse(socket);
            } else {
                serve(socket);
            }
        }
    }

    /** 421 and close; the reply fits the socket's send buffer, so this does not block. */
    private void refuse(Socket socket) {
        try (socket; OutputStream out = socket.getOutputStream()) {
            out.write(Replies.tooManyConnections(config.hostname()).toBytes());
            out.flush();
        } catch (IOException e) {
            // the client left first
        }
        try {
            config.listener().onConnectionRefused((InetSocketAddress) socket.getRemoteSocketAddress());
        } catch (RuntimeException e) {
            // listeners do not break the server
        }
    }

    private void serve(Socket socket) {
        ServerSession session;
        try {
            session = new ServerSession(socket, config, served.incrementAndGet());
        } catch (IOException e) {
            closeQuietly(socket);
            active.decrementAndGet();
            return;
        }
        sessions.add(session);
        if (closed) { // close() may have swept the set before we added to it
            session.abort();
        }
        Thread thread = Thread.ofVirtual().name("pigeon-smtp-" + socket.getPort()).unstarted(() -> {
            try {
                session.run();
            } finally {
                sessions.remove(session);
                active.decrementAndGet();
                sessionThreads.remove(Thread.currentThread());
            }
        });
        sessionThreads.add(thread);
        thread.start();
    }

    /**
     * Stops accepting, tells every live session {@code 421 4.3.2 Service shutting down} and closes
     * it (best effort: a client that does not read gets no more than half the close timeout; a
     * transfer in progress is dropped and leaves no file), waits for the session threads up to the
     * close timeout, and deletes a temporary Maildir. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (serverSocket != null) {
            closeQuietly(serverSocket);
        }
        long deadline = System.nanoTime() + closeTimeout.toNanos();
        Duration goodbyeLimit = closeTimeout.dividedBy(2);
        for (ServerSession s : sessions) {
            // in parallel: each goodbye may wait on a client that does not read
            Thread.ofVirtual().name("pigeon-smtp-goodbye").start(() -> s.shutdown(goodbyeLimit));
        }
        try {
            if (acceptThread != null) {
                acceptThread.join(remaining(deadline));
            }
            for (Thread t : sessionThreads) {
                t.join(remaining(deadline));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (temporaryMaildir) {
            deleteTree(config.store().root());
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing anyway
        }
    }

    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // a temporary folder left behind is not worth failing close()
        }
    }

    /** Configures a server; nothing binds until {@link SmtpServer#start()}. */
    public static final class Builder {
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port;
        private String hostname = "localhost";
        private ServerLimits limits = ServerLimits.defaults();
        private MailReceiver receiver = MailReceiver.ACCEPT_ALL;
        private ServerListener listener = ServerListener.NONE;
        private Path maildir;
        private boolean syncMaildir = true;
        private Duration closeTimeout = Duration.ofSeconds(5);
        private SSLContext tls;
        private boolean tlsOnConnect;
        private Duration handshakeTimeout = ServerSecurity.DEFAULT_HANDSHAKE_TIMEOUT;
        private UserStore users;
        private boolean allowPlaintextAuth;
        private boolean requireTls;
        private boolean requireAuth;
        private int maxAuthFailures = ServerSecurity.DEFAULT_MAX_AUTH_FAILURES;
        private Chaos chaos = Chaos.NONE;

        private Builder() {}

        /** Misbehave on purpose (fault injection for testing clients); default {@link Chaos#NONE}. */
        public Builder chaos(Chaos chaos) {
            this.chaos = Objects.requireNonNull(chaos, "chaos");
            return this;
        }

        /** Offers STARTTLS with this context (see {@code dev.pigeon.tls.ServerTls}). */
        public Builder tls(SSLContext context) {
            this.tls = Objects.requireNonNull(context, "context");
            return this;
        }

        /** Implicit TLS (RFC 8314): handshake before the greeting; no STARTTLS. Needs {@link #tls}. */
        public Builder tlsOnConnect(boolean onConnect) {
            this.tlsOnConnect = onConnect;
            return this;
        }

        /** How long a whole TLS handshake may take; default 30 s. */
        public Builder tlsHandshakeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("handshake timeout must be between 1 ms and ~24 days");
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /** Offers AUTH (SCRAM-SHA-256, CRAM-MD5, PLAIN, LOGIN) for these users. */
        public Builder users(UserStore users) {
            this.users = Objects.requireNonNull(users, "users");
            return this;
        }

        /** Offers and accepts AUTH without TLS; default false (credentials stay off plaintext). */
        public Builder allowPlaintextAuth(boolean allow) {
            this.allowPlaintextAuth = allow;
            return this;
        }

        /** MAIL (and AUTH) before TLS get {@code 530 5.7.0}; needs {@link #tls}. */
        public Builder requireTls(boolean require) {
            this.requireTls = require;
            return this;
        }

        /** MAIL before a successful AUTH gets {@code 530 5.7.0}; needs {@link #users}. */
        public Builder requireAuth(boolean require) {
            this.requireAuth = require;
            return this;
        }

        /** Failed AUTH attempts per connection before {@code 421} and close; default 3. */
        public Builder maxAuthFailures(int max) {
            this.maxAuthFailures = max;
            return this;
        }

        private ServerSecurity security() {
            Optional<SaslServer> sasl = Optional.ofNullable(users).map(u -> new SaslServer(u, hostname));
            return new ServerSecurity(Optional.ofNullable(tls), tlsOnConnect, handshakeTimeout, sasl,
                    allowPlaintextAuth, requireTls, requireAuth, maxAuthFailures);
        }

        /** Default 127.0.0.1 (the loopback address). */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /** Default 0: an ephemeral port, read back with {@link SmtpServer#port()}. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** The name in the greeting, EHLO reply and Received header; default "localhost". */
        public Builder hostname(String hostname) {
            Objects.requireNonNull(hostname, "hostname");
            if (hostname.isEmpty() || hostname.indexOf(' ') >= 0 || WireText.firstControl(hostname) >= 0) {
                throw new IllegalArgumentException("hostname must be one word without control characters");
            }
            this.hostname = hostname;
            return this;
        }

        public Builder limits(ServerLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Policy for senders, recipients and messages; default accepts all. */
        public Builder receiver(MailReceiver receiver) {
            this.receiver = Objects.requireNonNull(receiver, "receiver");
            return this;
        }

        public Builder listener(ServerListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Store messages in this Maildir (created if missing); default a temporary one. */
        public Builder maildir(Path maildir) {
            this.maildir = Objects.requireNonNull(maildir, "maildir");
            return this;
        }

        /** fsync each stored message and its name (default on); off for load tests. */
        public Builder syncMaildir(boolean on) {
            this.syncMaildir = on;
            return this;
        }

        /** How long {@link SmtpServer#close()} waits for sessions to end; default 5 s. */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Creates (or opens) the Maildir; throws {@link UncheckedIOException} when it cannot, and
         * {@link IllegalArgumentException} for an inconsistent TLS/AUTH setup (say, require-TLS
         * without a TLS context).
         */
        public SmtpServer build() {
            ServerSecurity security = security(); // checks the TLS/AUTH settings before touching the disk
            try {
                boolean temporary = maildir == null;
                Path root = temporary ? Files.createTempDirectory("pigeon-maildir-") : maildir;
                return new SmtpServer(this, security, MaildirStore.open(root, hostname, syncMaildir), temporary);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the Maildir", e);
            }
        }
    }
}
