package dev.pigeon.server;

import dev.pigeon.protocol.Reply;
import dev.pigeon.tls.HandshakeSummary;
import java.io.IOException;

/**
 * STARTTLS on the server (RFC 3207): checks that it may start, answers 220, discards whatever the
 * client pipelined behind the command, and runs the handshake on the same connection. What the
 * session knew about the client must then be forgotten; the session does that on
 * {@link Outcome.Started}.
 */
final class StartTlsHandler {
    private StartTlsHandler() {}

    sealed interface Outcome {
        /** Not started; send this reply and carry on in plaintext. */
        record Refused(Reply reply) implements Outcome {}

        /** TLS is active; {@code discardedBytes} plaintext bytes that followed STARTTLS were dropped. */
        record Started(HandshakeSummary handshake, int discardedBytes) implements Outcome {}

        /** The 220 went out but the handshake failed: the connection is unusable and must close. */
        record Failed(String reason) implements Outcome {}
    }

    static Outcome handle(SessionIo io, ServerSecurity security, boolean helloDone, ReplySink sink)
            throws IOException {
        if (security.tls().isEmpty()) {
            return new Outcome.Refused(Replies.NOT_IMPLEMENTED);
        }
        if (io.tls().isPresent()) {
            return new Outcome.Refused(Replies.TLS_ALREADY_ACTIVE);
        }
        if (!helloDone) {
            return new Outcome.Refused(Replies.HELLO_FIRST);
        }
        sink.send(Replies.READY_FOR_TLS);
        try {
            int discarded = io.startTls(security.tls().get(), security.handshakeTimeout());
            return new Outcome.Started(io.tls().orElseThrow(), discarded);
        } catch (IOException e) {
            return new Outcome.Failed(reason(e));
        }
    }

    /** Implicit TLS (RFC 8314): the handshake before the greeting. */
    static Outcome onConnect(SessionIo io, ServerSecurity security) {
        try {
            io.startTls(security.tls().orElseThrow(), security.handshakeTimeout());
            return new Outcome.Started(io.tls().orElseThrow(), 0);
        } catch (IOException e) {
            return new Outcome.Failed(reason(e));
        }
    }

    private static String reason(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
