package dev.pigeon.client;

import dev.pigeon.protocol.Mailbox;
import dev.pigeon.protocol.Reply;

/** What the server said to one RCPT TO. */
public record RecipientResult(Mailbox recipient, Reply reply) {
    public boolean accepted() {
        return reply.isPositive();
    }
}
