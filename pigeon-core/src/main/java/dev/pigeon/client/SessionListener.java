package dev.pigeon.client;

import dev.pigeon.protocol.Reply;
import dev.pigeon.tls.HandshakeSummary;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * Hears every event of a client session, in order. All methods do nothing by default.
 *
 * <p>Lines passed to {@link #commandSent} are what went on the wire, without CRLF, except that
 * secrets are masked: {@code AUTH PLAIN ****}, and {@code ****} for each SASL response line. No
 * listener ever sees a credential or its base64. Listeners run on the session's thread and must
 * not block.
 */
public interface SessionListener {
    SessionListener NONE = new SessionListener() {};

    default void connecting(InetSocketAddress address) {}

    default void connectFailed(InetSocketAddress address, IOException cause) {}

    default void connected(InetSocketAddress local, InetSocketAddress remote) {}

    /** Connected to a unix-domain socket (an LMTP server, say): a path, no IP addresses. */
    default void connected(Path unixSocket) {}

    default void commandSent(String line) {}

    default void replyReceived(Reply reply) {}

    /**
     * The TLS handshake succeeded (after STARTTLS, or right after connecting for implicit TLS):
     * every later command and reply travels under TLS.
     */
    default void tlsStarted(HandshakeSummary handshake) {}

    /** True if the listener wants the content bytes in {@link #contentSent}; false keeps DATA fast. */
    default boolean wantsContent() {
        return false;
    }

    /** Bytes of the content as they went on the wire (dot-stuffed, CRLF), in order. */
    default void contentSent(byte[] bytes, int offset, int length) {}

    /** The content is complete: {@code wireBytes} went on the wire, terminator included. */
    default void dataSent(long wireBytes) {}

    /** The session ended, cleanly or not. */
    default void closed() {}

    static SessionListener of(List<SessionListener> listeners) {
        List<SessionListener> all = List.copyOf(listeners);
        return new CompositeListener(all);
    }
}
