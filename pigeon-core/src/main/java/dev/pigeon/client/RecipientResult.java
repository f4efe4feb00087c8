package dev.pigeon.client;

import dev.pigeon.protocol.Mailbox;
import dev.pigeon.protocol.Reply;
import java.util.Objects;
import java.util.Optional;

/**
 * What the server said about one recipient: its reply to RCPT TO and, with LMTP (RFC 2033), its
 * own reply after the content, which says whether the message was delivered to that mailbox.
 *
 * @param recipient     the forward-path
 * @param reply         the reply to RCPT TO
 * @param deliveryReply the LMTP reply for this recipient after the final dot; empty with SMTP (one
 *                      final reply for all, in {@link SendResult#finalReply()}), for a recipient
 *                      refused at RCPT, or when the transaction ended before the content
 */
public record RecipientResult(Mailbox recipient, Reply reply, Optional<Reply> deliveryReply) {
    public RecipientResult {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(reply, "reply");
        Objects.requireNonNull(deliveryReply, "deliveryReply");
    }

    public RecipientResult(Mailbox recipient, Reply reply) {
        this(recipient, reply, Optional.empty());
    }

    /** Whether RCPT TO was accepted. */
    public boolean accepted() {
        return reply.isPositive();
    }

    /** The same result with the LMTP delivery reply for this recipient. */
    public RecipientResult withDeliveryReply(Reply delivery) {
        return new RecipientResult(recipient, reply, Optional.of(delivery));
    }

    /** The reply that decided this recipient's fate: the LMTP delivery reply if any, else the RCPT reply. */
    public Reply decidingReply() {
        return deliveryReply.orElse(reply);
    }

    /** Refused at RCPT, or (LMTP) after the content. */
    public boolean refused() {
        return !decidingReply().isPositive();
    }
}
