package dev.pigeon.outbox;

import dev.pigeon.message.MessageSource;
import java.io.IOException;
import java.io.OutputStream;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A spooled message's content that sets the spool's "sending" marker once its last byte is
 * written and before {@link #writeTo} returns: the session sends the final dot (or the last
 * BDAT) only after that. So a crash before the marker is on disk cannot have completed a
 * transaction, and only a marked entry can be in the RFC 1047 window.
 *
 * <p>Size and 8-bit make-up are known from spooling, so the client never reads the content twice
 * to find out (a scan that would set the marker early: safe, but pessimistic).
 */
final class MarkedContent implements MessageSource {
    interface Marker {
        void mark() throws IOException;
    }

    private final MessageSource content;
    private final long size;
    private final boolean eightBit;
    private final Marker before;
    private final Marker marker;
    private final AtomicBoolean marked = new AtomicBoolean();

    /**
     * @param before run once the server said 354, before the first byte: the previous transaction
     *               on the session, whose final reply was read by now, is settled there, so at most
     *               one entry per connection is ever in the RFC 1047 window
     */
    MarkedContent(MessageSource content, long size, boolean eightBit, Marker before, Marker marker) {
        this.content = content;
        this.size = size;
        this.eightBit = eightBit;
        this.before = before;
        this.marker = marker;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        before.mark();
        content.writeTo(out);
        if (marked.compareAndSet(false, true)) {
            marker.mark();
        }
    }

    /** Whether the marker was set: the final dot may have followed. */
    boolean marked() {
        return marked.get();
    }

    @Override
    public OptionalLong size() {
        return OptionalLong.of(size);
    }

    @Override
    public EightBit eightBit() {
        return eightBit ? EightBit.PRESENT : EightBit.ABSENT;
    }

    @Override
    public boolean isRepeatable() {
        return true;
    }
}
