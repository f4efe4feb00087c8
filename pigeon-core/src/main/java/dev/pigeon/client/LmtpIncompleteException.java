package dev.pigeon.client;

import dev.pigeon.protocol.Mailbox;
import java.util.List;

/**
 * The LMTP replies after the content stopped coming (a timeout, a dropped connection, a malformed
 * reply) before every accepted recipient had its own. The recipients whose reply arrived are
 * decided; for the others the message may or may not have been delivered, so
 * {@link #possiblyDelivered()} is true.
 */
public final class LmtpIncompleteException extends SessionException {
    private final List<RecipientResult> recipients;

    LmtpIncompleteException(SessionException cause, List<RecipientResult> recipients) {
        super(Stage.CONTENT, cause.getMessage() + "; " + summary(recipients), cause.getCause(), true);
        this.recipients = List.copyOf(recipients);
    }

    /** Every recipient in RCPT order; those decided after the content carry their delivery reply. */
    public List<RecipientResult> recipients() {
        return recipients;
    }

    /** Accepted at RCPT but without a delivery reply: the message may or may not have reached them. */
    public List<Mailbox> undecided() {
        return recipients.stream().filter(r -> r.accepted() && r.deliveryReply().isEmpty())
                .map(RecipientResult::recipient).toList();
    }

    private static String summary(List<RecipientResult> recipients) {
        StringBuilder sb = new StringBuilder("no LMTP reply for");
        recipients.stream().filter(r -> r.accepted() && r.deliveryReply().isEmpty())
                .forEach(r -> sb.append(' ').append(r.recipient().toPath()));
        List<RecipientResult> decided = recipients.stream().filter(r -> r.deliveryReply().isPresent()).toList();
        if (!decided.isEmpty()) {
            sb.append("; replies received:");
            decided.forEach(r -> sb.append(' ').append(r.recipient().toPath()).append(' ')
                    .append(r.deliveryReply().orElseThrow().code()));
        }
        return sb.toString();
    }
}
