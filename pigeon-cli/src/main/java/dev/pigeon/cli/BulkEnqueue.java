package dev.pigeon.cli;

import dev.pigeon.client.Envelope;
import dev.pigeon.message.Address;
import dev.pigeon.message.MessageSource;
import dev.pigeon.outbox.Outbox;
import dev.pigeon.protocol.Mailbox;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Spools one message read by {@link BulkInput}: the envelope from {@code --from}/{@code --to} or
 * the message's From and To/Cc/Bcc (a template row's recipient otherwise), and the content with
 * any Bcc field dropped, streamed through: only the header section is held in memory.
 */
final class BulkEnqueue implements BulkInput.Sink {
    private final Outbox outbox;
    private final Mailbox from;
    private final List<Mailbox> to;
    private int added;
    private int duplicates;
    /** The last From value parsed, and its mailbox: a template's rows all share one. */
    private String lastFromValue;
    private Mailbox lastFrom;

    /** {@code from} null: each message's From; {@code to} empty: each message's recipients. */
    BulkEnqueue(Outbox outbox, Mailbox from, List<Mailbox> to) {
        this.outbox = outbox;
        this.from = from;
        this.to = List.copyOf(to);
    }

    /** Spools the in-memory messages (template rows) on a second thread; null until the first. */
    private SpoolingStage stage;

    int added() {
        return added + (stage == null ? 0 : stage.added());
    }

    int duplicates() {
        return duplicates + (stage == null ? 0 : stage.duplicates());
    }

    /** Waits until every message accepted is spooled; rethrows a failure of the spooling thread. */
    void finish() throws IOException {
        if (stage != null) {
            stage.finish();
        }
    }

    @Override
    public void accept(String label, InputStream in, Optional<String> rowRecipient) throws IOException {
        MessageHeaders headers = MessageHeaders.read(in);
        Envelope envelope = new Envelope(sender(label, headers), recipients(label, headers, rowRecipient));
        byte[] head = headers.bytes(List.of(), List.of("Bcc"));
        if (in instanceof ByteArrayInputStream) { // a template row, in memory: spooled on the second thread
            if (stage == null) {
                stage = new SpoolingStage(outbox);
            }
            stage.submit(envelope, head, in.readAllBytes(), label);
            return;
        }
        if (stage != null) {
            throw new IllegalStateException("a streamed message after in-memory ones would overtake them");
        }
        // The header section as it will be sent, then the rest of the stream: read once, never held whole.
        MessageSource content = MessageSource.ofStream(new SequenceInputStream(new ByteArrayInputStream(head), in));
        for (Outbox.Enqueued e : outbox.enqueue(envelope, content, label)) {
            if (e.duplicate()) {
                duplicates++;
            } else {
                added++;
            }
        }
    }

    private Mailbox sender(String label, MessageHeaders headers) {
        if (from != null) {
            return from;
        }
        List<String> values = headers.values("From");
        if (values.isEmpty()) {
            throw Failure.badInput(label + ": no From field and no --from");
        }
        if (values.getFirst().equals(lastFromValue)) {
            return lastFrom;
        }
        try {
            lastFrom = AddressList.parse(values.getFirst()).getFirst();
            lastFromValue = values.getFirst();
            return lastFrom;
        } catch (RuntimeException e) {
            throw Failure.badInput(label + ": From: " + Text.oneLine(values.getFirst()) + ": not an address");
        }
    }

    private List<Mailbox> recipients(String label, MessageHeaders headers, Optional<String> rowRecipient) {
        if (!to.isEmpty()) {
            return to;
        }
        List<Mailbox> out = new ArrayList<>();
        if (rowRecipient.isPresent()) {
            out.add(address(label, rowRecipient.get()));
            return out;
        }
        for (String field : List.of("To", "Cc", "Bcc")) {
            for (String value : headers.values(field)) {
                try {
                    out.addAll(AddressList.parse(value));
                } catch (RuntimeException e) {
                    throw Failure.badInput(label + ": " + field + ": " + Text.oneLine(value) + ": " + e.getMessage());
                }
            }
        }
        if (out.isEmpty()) {
            throw Failure.badInput(label + ": no recipients (no To, Cc or Bcc field and no --to)");
        }
        return out;
    }

    static Mailbox address(String what, String text) {
        try {
            return Address.parse(text.strip()).mailbox();
        } catch (RuntimeException e) {
            throw Failure.badInput(what + ": " + Text.oneLine(text) + ": not a valid address");
        }
    }
}
