package dev.pigeon.server;

import dev.pigeon.protocol.Reply;
import java.io.IOException;

/** How a verb handler answers: through the session, which buffers the reply and tells its listener. */
@FunctionalInterface
interface ReplySink {
    void send(Reply reply) throws IOException;
}
