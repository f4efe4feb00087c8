package dev.pigeon.cli;

import dev.pigeon.outbox.AttemptRecord;
import dev.pigeon.outbox.OutboxListener;
import dev.pigeon.outbox.RecipientOutcome;
import dev.pigeon.protocol.Reply;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --report} file: one JSON object per attempt, one per line, appended (a rerun adds to
 * the same report). Fields: {@code id, source, message_id, attempt, state, recipients[{address,
 * state, reply}], code, enhanced, text, failure, queue_id, next_attempt, server, timestamp,
 * latency_us}; absent values are omitted.
 */
final class BulkReport implements OutboxListener, AutoCloseable {
    private final BufferedWriter out;

    BulkReport(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    @Override
    public void attempted(AttemptRecord r) {
        String json = Json.write(line(r)); // built outside the lock: connections report at once
        synchronized (this) {
            try {
                out.write(json);
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static Map<String, Object> line(AttemptRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("source", r.source());
        if (!r.messageId().isEmpty()) {
            m.put("message_id", r.messageId());
        }
        m.put("attempt", r.attempt());
        m.put("state", r.state().jsonName());
        List<Object> recipients = new ArrayList<>();
        for (RecipientOutcome o : r.recipients()) {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("address", o.recipient().address());
            rm.put("state", o.state().jsonName());
            rm.put("reply", o.reply());
            recipients.add(rm);
        }
        m.put("recipients", recipients);
        r.reply().ifPresent(reply -> reply(m, reply));
        r.failure().ifPresent(f -> m.put("failure", f));
        r.queueId().ifPresent(q -> m.put("queue_id", q));
        r.nextAttempt().ifPresent(t -> m.put("next_attempt", t.toString()));
        m.put("server", r.destination());
        m.put("timestamp", r.timestamp().toString());
        m.put("latency_us", r.latency().toNanos() / 1000);
        return m;
    }

    private static void reply(Map<String, Object> m, Reply reply) {
        m.put("code", reply.code());
        reply.enhancedStatus().ifPresent(s -> m.put("enhanced", s.toString()));
        m.put("text", reply.text());
    }

    synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
