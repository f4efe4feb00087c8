package dev.pigeon.server;

import dev.pigeon.protocol.Reply;
import dev.pigeon.tls.HandshakeSummary;
import java.net.InetSocketAddress;

/**
 * Hears what the server does, for {@code pigeon serve}'s output or a test's transcript. All
 * methods default to doing nothing and run on the connection's thread; an exception thrown here
 * is ignored. Command lines are the client's text, unescaped: escape before printing. Secrets never
 * reach a listener: an AUTH line arrives masked ({@code AUTH PLAIN ****}) and the client's lines
 * inside an AUTH exchange are not reported at all.
 */
public interface ServerListener {

    ServerListener NONE = new ServerListener() {};

    default void onConnect(InetSocketAddress client) {}

    /** A connection refused because {@link ServerLimits#maxConnections()} were open. */
    default void onConnectionRefused(InetSocketAddress client) {}

    /** A command line as received (decoded as UTF-8, without CRLF). */
    default void onCommand(InetSocketAddress client, String line) {}

    default void onReply(InetSocketAddress client, Reply reply) {}

    /** A message was committed to the Maildir and recorded in the {@link Inbox}. */
    default void onMessage(ReceivedMessage message) {}

    /**
     * TLS started (STARTTLS or implicit). {@code discardedBytes}: plaintext the client had
     * pipelined after STARTTLS, dropped unread (nonzero means a broken or hostile client).
     */
    default void onTlsStarted(InetSocketAddress client, HandshakeSummary handshake, int discardedBytes) {}

    /** The TLS handshake failed or timed out; the connection is closed. */
    default void onTlsFailed(InetSocketAddress client, String reason) {}

    /** AUTH succeeded as {@code user}. */
    default void onAuthenticated(InetSocketAddress client, String mechanism, String user) {}

    /** AUTH failed; {@code detail} is for the server's log (the client saw only the reply). */
    default void onAuthFailed(InetSocketAddress client, String mechanism, String detail) {}

    /**
     * A {@link Chaos} fault was injected, e.g. {@code mail: 451} or {@code greeting: delay 3000 ms,
     * then disconnect}.
     */
    default void onFault(InetSocketAddress client, String fault) {}

    default void onDisconnect(InetSocketAddress client) {}
}
