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
 * @param finalReply  the reply after the end of data, when the content was sent (with LMTP, the
 *                    last of the per-recipient replies; each is in its {@link RecipientResult})
 * @param capabilities what EHLO announced (none after HELO)
 * @param contentBytes bytes of content put on the wire (dot-stuffed, terminator included)
 * @param extensions  which ESMTP extensions the transaction used (pipelining, chunking, SIZE...)
 * @param notices     things the caller should know that changed nothing, one line each (say, a
 *                    DSN request the server could not take)
 */
public record SendResult(Outcome outcome, Stage stage, Optional<Reply> refusal,
                         List<RecipientResult> recipients, Optional<Reply> finalReply,
                         Capabilities capabilities, long contentBytes, ExtensionsUsed extensions,
                         List<String> notices) {

    public enum Outcome {
        /** The final reply was positive and every recipient was accepted (LMTP: and delivered to). */
        DELIVERED,
        /**
         * The final reply was positive, but some recipients were refused (LMTP: at RCPT, or by
         * their own reply after the content; at least one was delivered to).
         */
        PARTIALLY_DELIVERED,
        /**
         * Every recipient was refused: at RCPT, so no content was sent ({@link Stage#RCPT}); or,
         * with LMTP, some at RCPT and the rest by their replies after the content
         * ({@link Stage#CONTENT}).
         */
        ALL_RECIPIENTS_REFUSED,
        /** A reply (greeting, hello, MAIL, DATA or the final one) refused the transaction. */
        REFUSED,
        /** The caller asked to stop after {@link SendResult#stage()}; every reply so far was positive. */
        STOPPED
    }

    public SendResult {
        recipients = List.copyOf(recipients);
        java.util.Objects.requireNonNull(extensions, "extensions");
        notices = List.copyOf(notices);
    }

    /** A result without extension details or notices. */
    public SendResult(Outcome outcome, Stage stage, Optional<Reply> refusal, List<RecipientResult> recipients,
                      Optional<Reply> finalReply, Capabilities capabilities, long contentBytes) {
        this(outcome, stage, refusal, recipients, finalReply, capabilities, contentBytes, ExtensionsUsed.NONE,
                List.of());
    }

    /** Recipients refused at RCPT or (LMTP) after the content: see {@link RecipientResult#refused()}. */
    public List<RecipientResult> refusedRecipients() {
        return recipients.stream().filter(RecipientResult::refused).toList();
    }

    /** Recipients not refused: accepted at RCPT and (LMTP) delivered to. */
    public List<RecipientResult> acceptedRecipients() {
        return recipients.stream().filter(r -> !r.refused()).toList();
    }
}
