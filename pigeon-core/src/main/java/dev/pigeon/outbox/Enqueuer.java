package dev.pigeon.outbox;

import dev.pigeon.client.Envelope;
import dev.pigeon.delivery.DomainGroup;
import dev.pigeon.message.MessageSource;
import dev.pigeon.protocol.Mailbox;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Puts messages into the spool: the content is streamed to the end of a data segment (hashed,
 * measured, checked for 8-bit bytes and its header section kept for the Message-ID on the way, in
 * one pass, never held in memory) and given one entry per route group, each one journal record.
 * An entry's id is a hash of the content and its envelope, so enqueueing the same message for the
 * same recipients again (a rerun with the same sources) finds it already there.
 */
final class Enqueuer {
    private final Spool spool;
    private final Router router;
    private final Clock clock;

    Enqueuer(Spool spool, Router router, Clock clock) {
        this.spool = spool;
        this.router = router;
        this.clock = clock;
    }

    /** Content small enough, and repeatable, is measured before it is appended: see {@link #enqueue}. */
    private static final long MEASURE_FIRST_UP_TO = 1 << 20;

    /**
     * Spools the message; each new entry also goes to {@code added} (the running queue, if any).
     * A repeatable source of known size up to a megabyte (a template's row, say) is measured
     * first, so a message already spooled for these recipients (a rerun) appends nothing; any
     * other source is measured while it is appended, and a duplicate leaves its copy unreferenced
     * until the segment goes.
     */
    List<Outbox.Enqueued> enqueue(Envelope envelope, MessageSource content, String source, Consumer<Pending> added)
            throws IOException {
        boolean measureFirst = content.isRepeatable() && content.size().isPresent()
                && content.size().getAsLong() <= MEASURE_FIRST_UP_TO;
        Measuring measured;
        ContentRef ref = null;
        if (measureFirst) {
            measured = new Measuring(OutputStream.nullOutputStream());
            content.writeTo(measured);
        } else {
            Measuring[] measuring = new Measuring[1];
            ref = spool.appendContent(out -> {
                measuring[0] = new Measuring(out);
                content.writeTo(measuring[0]);
            });
            measured = measuring[0];
        }
        String contentHash = HexFormat.of().formatHex(measured.digest.digest());
        String messageId = HeaderPeek.messageId(measured.head(), measured.headLength());
        List<Outbox.Enqueued> out = new ArrayList<>();
        for (DomainGroup group : router.groups(envelope.recipients())) {
            String id = entryId(contentHash, envelope.from(), group.recipients());
            if (spool.find(id).isPresent()) {
                out.add(new Outbox.Enqueued(id, source, group.recipients(), true));
                continue;
            }
            if (ref == null) {
                ref = appendAgain(content, measured.count);
            }
            EntryMeta meta = new EntryMeta(id, source, messageId, envelope.from(), group.recipients(), group.domain(),
                    measured.count, measured.eightBit, clock.instant(), 0, Optional.empty(), "", ref);
            spool.addNew(meta);
            added.accept(new Pending(id, router.routeKey(group.domain()), meta.created(), meta));
            out.add(new Outbox.Enqueued(id, source, group.recipients(), false));
        }
        return out;
    }

    /** The second pass over measured-first content: a plain copy, checked to be as long as the first. */
    private ContentRef appendAgain(MessageSource content, long expected) throws IOException {
        long[] written = new long[1];
        return spool.appendContent(out -> {
            content.writeTo(new FilterOutputStream(out) {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    written[0] += len;
                }
            });
            if (written[0] != expected) { // thrown inside the append, which then cuts the segment back
                throw new IOException("the message changed between two reads (" + expected + " bytes, then "
                        + written[0] + ")");
            }
        });
    }

    static String entryId(String contentHash, Mailbox from, List<Mailbox> recipients) {
        Murmur3 d = new Murmur3();
        d.update(contentHash);
        d.update((byte) 0);
        d.update(from.address());
        for (Mailbox to : recipients) {
            d.update((byte) 0);
            d.update(to.address());
        }
        return HexFormat.of().formatHex(d.digest());
    }

    /** Hashes, counts, looks for 8-bit bytes and keeps the first bytes (the header section) of what passes through. */
    private static final class Measuring extends FilterOutputStream {
        final Murmur3 digest = new Murmur3();
        long count;
        boolean eightBit;
        private byte[] head = new byte[2048];
        private int headLength;

        byte[] head() {
            return head;
        }

        int headLength() {
            return headLength;
        }

        Measuring(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            digest.update(b, off, len);
            count += len;
            if (headLength < HeaderPeek.LIMIT) {
                keepHead(b, off, Math.min(len, HeaderPeek.LIMIT - headLength));
            }
            if (!eightBit) {
                for (int i = off; i < off + len; i++) {
                    if (b[i] < 0) {
                        eightBit = true;
                        break;
                    }
                }
            }
            out.write(b, off, len);
        }

        private void keepHead(byte[] b, int off, int len) {
            if (headLength + len > head.length) {
                head = java.util.Arrays.copyOf(head, Math.min(HeaderPeek.LIMIT, Math.max(head.length * 2, headLength + len)));
            }
            System.arraycopy(b, off, head, headLength, len);
            headLength += len;
        }
    }
}
