package dev.pigeon.server;

import dev.pigeon.protocol.Reply;
import java.net.InetSocketAddress;

/**
 * Hears what the server does, for {@code pigeon serve}'s output or a test's transcript. All
 * methods default to doing nothing and run on the connection's thread; an exception thrown here
 * is ignored. Command lines are the client's text, unescaped: escape before printing.
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

    default void onDisconnect(InetSocketAddress client) {}
}
