package dev.pigeon.outbox;

import dev.pigeon.client.Envelope;
import dev.pigeon.delivery.DomainGroup;
import dev.pigeon.message.MessageSource;
import dev.pigeon.protocol.Mailbox;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Puts messages into the spool: the content is streamed to a temp file (hashed, measured and
 * checked for 8-bit bytes on the way, never held in memory), synced, and given one entry per route
 * group. An entry's id is a hash of the content and its envelope, so enqueueing the same message
 * for the same recipients again (a rerun with the same sources) finds it already there.
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

    List<Outbox.Enqueued> enqueue(Envelope envelope, MessageSource content, String source) throws IOException {
        Path temp = spool.newTemp("incoming");
        Measuring measured;
        try (OutputStream file = Files.newOutputStream(temp)) {
            measured = new Measuring(new BufferedOutputStream(file, 64 * 1024));
            content.writeTo(measured);
            measured.flush();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        spool.syncFile(temp);
        String contentHash = HexFormat.of().formatHex(measured.digest.digest());
        String messageId = HeaderPeek.messageId(temp);
        List<Outbox.Enqueued> out = new ArrayList<>();
        String adopted = null;
        for (DomainGroup group : router.groups(envelope.recipients())) {
            String id = entryId(contentHash, envelope.from(), group.recipients());
            if (spool.find(id).isPresent()) {
                out.add(new Outbox.Enqueued(id, source, group.recipients(), true));
                continue;
            }
            if (adopted == null) {
                spool.adoptContent(temp, id);
                adopted = id;
            } else {
                spool.shareContent(adopted, id);
            }
            // Names are synced once for the whole batch (see Outbox.run): a power cut before that
            // loses only entries a rerun with the same sources adds again.
            EntryMeta meta = new EntryMeta(id, source, messageId, envelope.from(), group.recipients(), group.domain(),
                    measured.count, measured.eightBit, clock.instant(), 0, java.util.Optional.empty(), "");
            spool.writeMeta(SpoolState.QUEUE, meta, Spool.Durability.FILE);
            out.add(new Outbox.Enqueued(id, source, group.recipients(), false));
        }
        if (adopted == null) {
            Files.deleteIfExists(temp);
        }
        return out;
    }

    static String entryId(String contentHash, Mailbox from, List<Mailbox> recipients) {
        MessageDigest d = sha256();
        d.update(contentHash.getBytes(StandardCharsets.US_ASCII));
        d.update((byte) 0);
        d.update(from.address().getBytes(StandardCharsets.UTF_8));
        for (Mailbox to : recipients) {
            d.update((byte) 0);
            d.update(to.address().getBytes(StandardCharsets.UTF_8));
        }
        // 128 bits are plenty for names, and keep them short.
        return HexFormat.of().formatHex(d.digest(), 0, 16);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    /** Hashes, counts and looks for 8-bit bytes in what passes through. */
    private static final class Measuring extends FilterOutputStream {
        final MessageDigest digest = sha256();
        long count;
        boolean eightBit;

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
    }
}
