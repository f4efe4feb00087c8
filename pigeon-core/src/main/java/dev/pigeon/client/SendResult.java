package dev.pigeon.client;

import dev.pigeon.protocol.Capabilities;
import dev.pigeon.protocol.Reply;
import java.util.List;
import java.util.Optional;

/**
 * How one send ended. Immutable.
 *
 * @param outcome     the verdict
 * @param stage       the last stage reached (where a refusal happened, or the {@code --quit-after} stage)
 * @param refusal     the reply that stopped the transaction, for {@link Outcome#REFUSED}
 * @param recipients  one result per RCPT sent, in order
 * @param finalReply  the reply after the end of data, when the content was sent
 * @param capabilities what EHLO announced (none after HELO)
 * @param contentBytes bytes of content put on the wire (dot-stuffed, terminator included)
 */
public record SendResult(Outcome outcome, Stage stage, Optional<Reply> refusal,
                         List<RecipientResult> recipients, Optional<Reply> finalReply,
                         Capabilities capabilities, long contentBytes) {

    public enum Outcome {
        /** The final reply was positive and every recipient was accepted. */
        DELIVERED,
        /** The final reply was positive, but some recipients were refused. */
        PARTIALLY_DELIVERED,
        /** Every recipient was refused, so no content was sent. */
        ALL_RECIPIENTS_REFUSED,
        /** A reply (greeting, hello, MAIL, DATA or the final one) refused the transaction. */
        REFUSED,
        /** The caller asked to stop after {@link SendResult#stage()}; every reply so far was positive. */
        STOPPED
    }

    public SendResult {
        recipients = List.copyOf(recipients);
    }

    public List<RecipientResult> refusedRecipients() {
        return recipients.stream().filter(r -> !r.accepted()).toList();
    }

    public List<RecipientResult> acceptedRecipients() {
        return recipients.stream().filter(RecipientResult::accepted).toList();
    }
}
