package dev.pigeon.client;

import dev.pigeon.message.MessageSource;
import dev.pigeon.protocol.ChunkingOutputStream;
import dev.pigeon.protocol.Command;
import dev.pigeon.protocol.CrlfOutputStream;
import dev.pigeon.protocol.Reply;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Sends the content with BDAT (RFC 3030) in chunks of a fixed size, in constant memory. Without
 * pipelining each chunk waits for its reply; with it, up to {@code maxOutstanding} chunks are in
 * flight before the oldest reply is read. Every reply but the last chunk's must be positive; the
 * first one that is not stops the sending (RFC 3030 3: no further BDAT), the replies still owed
 * are read, and that refusal is the outcome.
 *
 * <p>Content is cut into chunks as it is, except that without BINARYMIME its line endings become
 * CRLF (no dot-stuffing: BDAT has no terminator to protect).
 */
final class ChunkedContent {
    private final ClientSession session;
    private final int chunkSize;
    private final int maxOutstanding;
    private final Deque<Command.Bdat> outstanding = new ArrayDeque<>();
    private Reply refusal;
    private Reply lastReply;
    private long bytes;

    ChunkedContent(ClientSession session, int chunkSize, boolean pipelined) {
        this.session = session;
        this.chunkSize = chunkSize;
        this.maxOutstanding = pipelined ? Extensions.MAX_OUTSTANDING_CHUNKS : 1;
    }

    /** Thrown through the source's writeTo to stop it once a BDAT was refused. */
    private static final class Refused extends IOException {
        Refused() {
            super("a BDAT chunk was refused", null);
        }
    }

    /**
     * Streams the message and returns the deciding reply: the last chunk's (the final reply) when
     * every chunk was accepted, else the first refusal.
     *
     * @throws SessionException for a broken transport, an unreadable source (its cause is not a
     *     SessionException) or, with the cause {@link EightBitContent.Found}, 8-bit content the
     *     caller's guard stopped
     */
    Reply send(MessageSource message, boolean binary) throws SessionException {
        ChunkingOutputStream chunks = new ChunkingOutputStream(chunkSize, this::chunk);
        try {
            if (binary) {
                message.writeTo(chunks);
            } else {
                CrlfOutputStream crlf = new CrlfOutputStream(chunks);
                message.writeTo(crlf);
                crlf.finish();
            }
            chunks.finish();
        } catch (Refused r) {
            drainOutstanding();
            return refusal;
        } catch (SessionException e) {
            throw e;
        } catch (IOException e) {
            throw new SessionException(Stage.CONTENT, "cannot read the message content: " + e.getMessage(), e, false);
        }
        return lastReply;
    }

    private void chunk(byte[] data, int length, boolean last) throws IOException {
        Command.Bdat bdat = new Command.Bdat(length, last);
        session.queueChunk(bdat, data, length);
        bytes += length;
        outstanding.add(bdat);
        if (last) {
            session.chunksDone(bytes); // as after DATA's dot: the listener hears it before the final reply
        }
        // After the last chunk every reply is owed; before it, keep at most maxOutstanding in flight.
        int mayStayUnread = last ? 0 : maxOutstanding - 1;
        while (outstanding.size() > mayStayUnread) {
            if (!readOne()) {
                throw new Refused();
            }
        }
    }

    /** Reads the reply to the oldest chunk in flight; false when it refused the chunk. */
    private boolean readOne() throws SessionException {
        Command.Bdat bdat = outstanding.removeFirst();
        Reply reply = session.awaitReply(Stage.CONTENT, bdat);
        lastReply = reply;
        if (!reply.isPositive() && refusal == null) {
            refusal = reply;
        }
        return reply.isPositive();
    }

    private void drainOutstanding() throws SessionException {
        while (!outstanding.isEmpty() && (refusal == null || refusal.code() != 421)) {
            readOne();
        }
    }
}
