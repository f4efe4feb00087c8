package dev.pigeon.outbox;

import dev.pigeon.protocol.Mailbox;

/**
 * One recipient's fate in one attempt.
 *
 * @param reply the reply that decided it, one line ({@code 250 2.0.0 Ok}), or the failure
 */
public record RecipientOutcome(Mailbox recipient, DeliveryState state, String reply) {}
