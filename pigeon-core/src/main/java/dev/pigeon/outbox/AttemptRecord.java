package dev.pigeon.outbox;

import dev.pigeon.protocol.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One delivery attempt of one spool entry: what the report's JSONL line says and what the
 * progress display counts.
 *
 * @param id          the spool entry
 * @param source      where the message came from
 * @param messageId   its Message-ID, empty when none
 * @param attempt     1 for the first attempt
 * @param state       the entry's state after it: {@code DELIVERED} when any recipient was, else
 *                    {@code DEFERRED} when any will be retried, else {@code UNKNOWN} or {@code BOUNCED}
 * @param recipients  each recipient's outcome
 * @param reply       the reply that decided the attempt (the final reply, or the refusal), if any
 * @param failure     the connection failure, when there was no deciding reply
 * @param queueId     the server's queue id, when its final reply names one
 * @param nextAttempt when a deferred entry is tried next
 * @param destination where it went ({@code host:port})
 * @param latency     from claiming the entry to the decision
 */
public record AttemptRecord(String id, String source, String messageId, int attempt, DeliveryState state,
                            List<RecipientOutcome> recipients, Optional<Reply> reply, Optional<String> failure,
                            Optional<String> queueId, Optional<Instant> nextAttempt, String destination,
                            Instant timestamp, Duration latency) {
    public AttemptRecord {
        recipients = List.copyOf(recipients);
    }

    /** The reply or failure as one line, for people. */
    public String summary() {
        return reply.map(r -> r.code() + " " + r.text()).or(() -> failure).orElse("");
    }
}
