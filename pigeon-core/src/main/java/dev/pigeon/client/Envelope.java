package dev.pigeon.client;

import dev.pigeon.protocol.Mailbox;
import java.util.LinkedHashSet;
import java.util.List;

/** The SMTP envelope: the reverse-path (possibly {@code <>}) and one or more recipients. */
public record Envelope(Mailbox from, List<Mailbox> recipients) {
    public Envelope {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs at least one recipient");
        }
        // The same recipient twice would get the message twice from some servers.
        recipients = List.copyOf(new LinkedHashSet<>(recipients));
    }

    public static Envelope of(String from, String... recipients) {
        return new Envelope(Mailbox.parse(from), java.util.Arrays.stream(recipients).map(Mailbox::parse).toList());
    }
}
