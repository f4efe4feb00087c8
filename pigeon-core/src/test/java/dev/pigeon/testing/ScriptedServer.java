package dev.pigeon.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A fake SMTP server for client tests, after OkHttp's MockWebServer: it binds an ephemeral port on
 * loopback, accepts one connection per {@link Script} (in order), plays each script on its own
 * thread and records every byte the client sent, so a test asserts exactly what went on the wire.
 *
 * <pre>{@code
 * try (ScriptedServer server = ScriptedServer.start(Script.acceptingOneMessage("HELO ", 1).build())) {
 *     client.send(server.host(), server.port(), envelope, message);
 *     assertThat(server.receivedText()).isEqualTo("HELO a\r\nMAIL FROM:<...>...");
 * }
 * }</pre>
 *
 * Every wait has a deadline: script reads, the drain after the script, and the accessors here.
 * {@link #close()} releases stalled scripts and closes every socket.
 */
public final class ScriptedServer implements AutoCloseable {
    /** How long the accessors wait for a connection to be accepted or to end. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    private final ServerSocket serverSocket;
    private final List<Script> scripts;
    private final List<CompletableFuture<ScriptedConnection>> connections = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private ScriptedServer(ServerSocket serverSocket, List<Script> scripts) {
        this.serverSocket = serverSocket;
        this.scripts = List.copyOf(scripts);
        for (int i = 0; i < scripts.size(); i++) {
            connections.add(new CompletableFuture<>());
        }
    }

    /** Starts on 127.0.0.1, one connection per script. */
    public static ScriptedServer start(Script first, Script... more) {
        Builder b = builder().script(first);
        for (Script s : more) {
            b.script(s);
        }
        return b.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The literal to connect to: {@code 127.0.0.1}, or {@code ::1} when bound to IPv6 loopback. */
    public String host() {
        return serverSocket.getInetAddress().getHostAddress();
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    /** The {@code index}-th accepted connection, waiting up to {@link #DEFAULT_WAIT} for it. */
    public ScriptedConnection connection(int index) {
        try {
            return connections.get(index).get(DEFAULT_WAIT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no connection " + index + " accepted within " + DEFAULT_WAIT);
        } catch (ExecutionException e) {
            throw new AssertionError("accepting connection " + index + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Whether a client connected for the {@code index}-th script (without waiting). */
    public boolean accepted(int index) {
        return connections.get(index).isDone() && !connections.get(index).isCompletedExceptionally();
    }

    /**
     * Whether any client connected within {@code wait}. A client that connected before asking has
     * completed the TCP handshake, so its connection is in the backlog and accepted at once: a
     * short wait suffices to prove that nothing connected.
     */
    public boolean anyConnectionWithin(Duration wait) {
        try {
            connections.getFirst().get(wait.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits for the first connection's script to end (the client closed) and rethrows its failure. */
    public ScriptedConnection awaitEnd() {
        return connection(0).awaitEnd(DEFAULT_WAIT);
    }

    /** What the client sent on the first connection, once that connection has ended. */
    public byte[] receivedBytes() {
        return awaitEnd().receivedBytes();
    }

    public String receivedText() {
        return awaitEnd().receivedText();
    }

    public List<String> receivedLines() {
        return awaitEnd().receivedLines();
    }

    private void acceptAll() {
        for (int i = 0; i < scripts.size(); i++) {
            CompletableFuture<ScriptedConnection> slot = connections.get(i);
            try {
                Socket socket = serverSocket.accept();
                socket.setTcpNoDelay(true);
                ScriptedConnection connection = new ScriptedConnection(i, socket, scripts.get(i), closing);
                Thread player = Thread.ofPlatform().daemon().name("scripted-server-" + port() + "-" + i)
                        .start(connection::play);
                synchronized (threads) {
                    threads.add(player);
                }
                slot.complete(connection);
            } catch (IOException e) {
                connections.subList(i, connections.size()).forEach(f -> f.completeExceptionally(e));
                return;
            }
        }
    }

    @Override
    public void close() {
        closing.countDown();
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // the accept thread ends either way
        }
        for (CompletableFuture<ScriptedConnection> f : connections) {
            f.completeExceptionally(new IOException("server closed"));
            if (f.isDone() && !f.isCompletedExceptionally()) {
                f.join().forceClose();
            }
        }
        List<Thread> toJoin;
        synchronized (threads) {
            toJoin = List.copyOf(threads);
        }
        for (Thread t : toJoin) {
            try {
                t.join(DEFAULT_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public static final class Builder {
        private final List<Script> scripts = new ArrayList<>();
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int receiveBufferSize;

        private Builder() {}

        public Builder script(Script script) {
            scripts.add(Objects.requireNonNull(script));
            return this;
        }

        /** The loopback address to bind: 127.0.0.1 by default, ::1 for IPv6 tests. */
        public Builder bind(InetAddress address) {
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException("tests bind loopback only: " + address);
            }
            this.bindAddress = address;
            return this;
        }

        /** A small receive buffer, so a stalled server makes the client's writes block sooner. */
        public Builder receiveBufferSize(int bytes) {
            this.receiveBufferSize = bytes;
            return this;
        }

        public ScriptedServer start() {
            if (scripts.isEmpty()) {
                throw new IllegalStateException("no script");
            }
            try {
                ServerSocket socket = new ServerSocket();
                if (receiveBufferSize > 0) {
                    socket.setReceiveBufferSize(receiveBufferSize); // inherited by accepted sockets
                }
                socket.bind(new InetSocketAddress(bindAddress, 0), scripts.size());
                ScriptedServer server = new ScriptedServer(socket, scripts);
                Thread.ofPlatform().daemon().name("scripted-server-accept-" + server.port()).start(server::acceptAll);
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the scripted server", e);
            }
        }
    }
}
