package dev.pigeon.server;

import dev.pigeon.protocol.DotUnstuffingInputStream;
import dev.pigeon.protocol.Mailbox;
import dev.pigeon.protocol.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * Reads one DATA content (after the 354) into the Maildir, streaming: memory use does not grow
 * with the message. Content over the size limit is read to the terminator and dropped, so the
 * connection stays in step. Socket failures, a bare CR/LF ({@code SmtpProtocolException}) and a
 * vanished client propagate as exceptions after the temporary file is deleted.
 */
final class DataIntake {
    private DataIntake() {}

    sealed interface Outcome {
        record Stored(ReceivedEnvelope envelope, Path path, String id, int traceHeaderLength) implements Outcome {}

        record Refused(Reply reply) implements Outcome {}
    }

    /** {@code receiver} decides on the message (the server's, or one that refuses everything). */
    static Outcome receive(InputStream wire, ServerConfig config, MailReceiver receiver, ClientInfo client,
                           Mailbox from, List<Mailbox> recipients) throws IOException {
        DotUnstuffingInputStream content = new DotUnstuffingInputStream(wire);
        try (MaildirStore.Delivery delivery = config.store().begin()) {
            byte[] trace = TraceHeaders.build(client, from, recipients, config.hostname(), delivery.name(),
                    ZonedDateTime.now());
            Copy copy = copy(content, delivery.out(), trace, config.limits().maxMessageSize());
            if (copy.tooBig()) {
                return new Outcome.Refused(Replies.MESSAGE_TOO_BIG);
            }
            if (copy.storeFailed()) {
                return new Outcome.Refused(Replies.LOCAL_ERROR);
            }
            ReceivedEnvelope envelope = new ReceivedEnvelope(client, from, recipients, copy.size());
            Decision decision = ask(receiver, envelope, delivery, trace.length);
            if (decision instanceof Decision.Reject reject) {
                return new Outcome.Refused(reject.reply());
            }
            Path path;
            try {
                path = delivery.commit();
            } catch (IOException e) {
                return new Outcome.Refused(Replies.LOCAL_ERROR);
            }
            return new Outcome.Stored(envelope, path, delivery.name(), trace.length);
        }
    }

    private record Copy(long size, boolean tooBig, boolean storeFailed) {}

    /** Copies content to the file until the terminator; past the limit or a disk error, only drains. */
    private static Copy copy(InputStream content, OutputStream file, byte[] trace, long max) throws IOException {
        boolean storeFailed = !write(file, trace, trace.length);
        byte[] buf = new byte[64 * 1024];
        long size = 0;
        int n;
        while ((n = content.read(buf, 0, buf.length)) >= 0) {
            size += n;
            if (size <= max && !storeFailed) {
                storeFailed = !write(file, buf, n);
            }
        }
        if (!storeFailed) {
            storeFailed = !flush(file);
        }
        return new Copy(size, size > max, storeFailed);
    }

    private static boolean write(OutputStream file, byte[] b, int n) {
        try {
            file.write(b, 0, n);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean flush(OutputStream file) {
        try {
            file.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Decision ask(MailReceiver receiver, ReceivedEnvelope envelope, MaildirStore.Delivery delivery,
                                int traceLength) {
        try (InputStream in = Files.newInputStream(delivery.tmpFile())) {
            in.skipNBytes(traceLength);
            return receiver.onMessage(envelope, in);
        } catch (IOException | RuntimeException e) {
            return Decision.reject(Replies.LOCAL_ERROR);
        }
    }
}
