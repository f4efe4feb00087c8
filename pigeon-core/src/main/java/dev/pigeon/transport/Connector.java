package dev.pigeon.transport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Opens plain TCP connections: resolves the host (a name, an IPv4 literal, or an IPv6 literal with
 * or without brackets) and tries each address in turn, each within the connect timeout. Also
 * opens unix-domain socket connections ({@link #connectUnix}).
 */
public final class Connector {
    /** Hears about each address tried; the transcript shows them. */
    public interface Attempts {
        default void connecting(InetSocketAddress address) {}

        default void connectFailed(InetSocketAddress address, IOException cause) {}
    }

    private final Timeouts timeouts;

    public Connector(Timeouts timeouts) {
        this.timeouts = timeouts;
    }

    public Connection connect(String host, int port, Attempts attempts) throws IOException {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range 1-65535: " + port);
        }
        List<InetAddress> addresses = resolve(host);
        List<String> failures = new ArrayList<>();
        IOException last = null;
        for (InetAddress address : addresses) {
            InetSocketAddress target = new InetSocketAddress(address, port);
            attempts.connecting(target);
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                // at least 1 ms: a sub-millisecond timeout would round to 0, which Java reads as "no timeout"
                socket.connect(target, Math.clamp(timeouts.connect().toMillis(), 1, Integer.MAX_VALUE));
                return new Connection(socket, timeouts.dataBlock());
            } catch (IOException e) {
                closeQuietly(socket);
                IOException reported = e instanceof SocketTimeoutException
                        ? new SocketTimeoutException("connect timed out after " + Connection.describe(timeouts.connect()))
                        : e;
                attempts.connectFailed(target, reported);
                failures.add(hostPort(address, port) + ": " + reported.getMessage());
                last = reported;
            }
        }
        if (addresses.size() == 1 && last != null) {
            throw last instanceof SocketTimeoutException ? last
                    : new ConnectException("cannot connect to " + failures.getFirst());
        }
        throw new ConnectException("cannot connect to " + host + " port " + port + " (" + String.join("; ", failures) + ")");
    }

    /**
     * Connects to a unix-domain socket, within the connect timeout (a server whose backlog is full
     * would otherwise keep the connect waiting).
     *
     * @throws ConnectException naming the path when nothing listens there
     * @throws SocketTimeoutException when the connect timeout passed
     */
    public Connection connectUnix(Path path) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            WriteWatchdog.guard(channel, timeouts.connect(), new AtomicBoolean(),
                    () -> "connect to unix socket " + path + " timed out after " + Connection.describe(timeouts.connect()),
                    () -> channel.connect(UnixDomainSocketAddress.of(path)));
        } catch (SocketTimeoutException e) {
            channel.close();
            throw e;
        } catch (IOException e) {
            channel.close();
            ConnectException refused = new ConnectException("cannot connect to unix socket " + path + ": "
                    + e.getMessage());
            refused.initCause(e);
            throw refused;
        }
        return new Connection(new UnixLink(channel, path), timeouts.dataBlock());
    }

    /**
     * Resolves on a virtual thread so the lookup, which Java cannot time out itself, still ends
     * within the connect timeout.
     */
    List<InetAddress> resolve(String host) throws IOException {
        String name = host;
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.isEmpty()) {
            throw new UnknownHostException("empty host name");
        }
        String lookup = name;
        FutureTask<InetAddress[]> task = new FutureTask<>(() -> InetAddress.getAllByName(lookup));
        Thread.ofVirtual().name("pigeon-resolve").start(task);
        try {
            return List.of(task.get(timeouts.connect().toNanos(), TimeUnit.NANOSECONDS));
        } catch (ExecutionException e) {
            throw new UnknownHostException("unknown host: " + host);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new SocketTimeoutException("looking up " + host + " took longer than "
                    + Connection.describe(timeouts.connect()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while looking up " + host);
        }
    }

    private static String hostPort(InetAddress address, int port) {
        String a = address.getHostAddress();
        return (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + port;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing useful to do: the connect already failed
        }
    }
}
