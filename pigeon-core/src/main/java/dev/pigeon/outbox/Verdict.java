package dev.pigeon.outbox;

import dev.pigeon.client.ExtensionStop;
import dev.pigeon.client.RecipientResult;
import dev.pigeon.client.SendResult;
import dev.pigeon.client.SessionException;
import dev.pigeon.protocol.Mailbox;
import dev.pigeon.protocol.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one transaction's ending means for the entry's recipients, before retry limits apply:
 * each recipient is delivered, bounced (5xx, or a message this server cannot take), split off to go at once in a new transaction (452,
 * too many recipients, while others were accepted), to retry later (other 4xx, a connection
 * fault), or unknown (RFC 1047).
 *
 * @param reply         the deciding reply, if there was one
 * @param failure       the connection failure, if that decided
 * @param sessionUsable whether the session may carry the next transaction (after an RSET when
 *                      this one failed)
 */
record Verdict(List<Mailbox> delivered, List<Mailbox> bounced, List<Mailbox> splitNow, List<Mailbox> retryLater,
               List<Mailbox> unknown, List<RecipientOutcome> outcomes, Optional<Reply> reply, Optional<String> failure,
               boolean sessionUsable) {

    static Verdict of(SendResult result, List<Mailbox> recipients) {
        Builder b = new Builder();
        switch (result.outcome()) {
            case DELIVERED, PARTIALLY_DELIVERED, ALL_RECIPIENTS_REFUSED -> {
                Reply decisive = result.finalReply().orElse(null);
                boolean anyAccepted = result.recipients().stream().anyMatch(RecipientResult::accepted);
                for (RecipientResult r : result.recipients()) {
                    Reply reply = r.decidingReply();
                    if (reply.isPositive()) {
                        b.add(r.recipient(), DeliveryState.DELIVERED, decisive != null ? decisive : reply, b.delivered);
                    } else if (reply.isPermanent()) {
                        b.add(r.recipient(), DeliveryState.BOUNCED, reply, b.bounced);
                    } else if (reply.code() == 452 && anyAccepted) {
                        // RFC 5321 4.5.3.1.10: too many recipients; the rest go in a new transaction.
                        b.add(r.recipient(), DeliveryState.DEFERRED, reply, b.splitNow);
                    } else {
                        b.add(r.recipient(), DeliveryState.DEFERRED, reply, b.retryLater);
                    }
                }
                // Recipients never asked about (the transaction stopped early) retry later.
                for (Mailbox m : recipients) {
                    if (result.recipients().stream().noneMatch(r -> r.recipient().equals(m))) {
                        b.addText(m, DeliveryState.DEFERRED, "not attempted", b.retryLater);
                    }
                }
                Reply shown = decisive != null ? decisive
                        : result.recipients().isEmpty() ? null : result.recipients().getLast().reply();
                return b.build(Optional.ofNullable(shown), Optional.empty(), usable(shown));
            }
            case REFUSED -> {
                return refused(result.refusal().orElseThrow(), recipients);
            }
            case STOPPED -> {
                for (Mailbox m : recipients) {
                    b.addText(m, DeliveryState.DEFERRED, "stopped before delivery", b.retryLater);
                }
                return b.build(Optional.empty(), Optional.of("stopped before delivery"), false);
            }
        }
        throw new AssertionError(result.outcome());
    }

    /** The whole transaction refused by one reply: 5xx bounces every recipient, 4xx defers them. */
    static Verdict refused(Reply refusal, List<Mailbox> recipients) {
        Builder b = new Builder();
        List<Mailbox> target = refusal.isPermanent() ? b.bounced : b.retryLater;
        DeliveryState state = refusal.isPermanent() ? DeliveryState.BOUNCED : DeliveryState.DEFERRED;
        for (Mailbox m : recipients) {
            b.add(m, state, refusal, target);
        }
        return b.build(Optional.of(refusal), Optional.empty(), usable(refusal));
    }

    static Verdict of(SessionException e, List<Mailbox> recipients) {
        if (e instanceof ExtensionStop stop) {
            return unsendable(stop, recipients);
        }
        return fault(e.getMessage(), e.possiblyDelivered(), recipients);
    }

    /**
     * The client stopped because this server cannot take this message as it is (too big for its
     * SIZE, 8-bit without 8BITMIME...): no retry would change that, so every recipient bounces at
     * once. Nothing of the transaction was sent, so the session goes on; unless the transfer was
     * cut off mid-content.
     */
    static Verdict unsendable(ExtensionStop stop, List<Mailbox> recipients) {
        Builder b = new Builder();
        for (Mailbox m : recipients) {
            b.addText(m, DeliveryState.BOUNCED, stop.getMessage(), b.bounced);
        }
        return b.build(Optional.empty(), Optional.of(stop.getMessage()), !stop.cutOff());
    }

    /** A connection fault: retried later, or unknown when the final dot may have arrived (RFC 1047). */
    static Verdict fault(String why, boolean possiblyDelivered, List<Mailbox> recipients) {
        Builder b = new Builder();
        for (Mailbox m : recipients) {
            if (possiblyDelivered) {
                b.addText(m, DeliveryState.UNKNOWN, why, b.unknown);
            } else {
                b.addText(m, DeliveryState.DEFERRED, why, b.retryLater);
            }
        }
        return b.build(Optional.empty(), Optional.of(why), false);
    }

    /** A 421 (or nothing) ends the session; anything else leaves it usable. */
    private static boolean usable(Reply reply) {
        return reply == null || reply.code() != 421;
    }

    /** The entry's state after the attempt, as the report names it. */
    DeliveryState state() {
        if (!delivered.isEmpty()) {
            return DeliveryState.DELIVERED;
        }
        if (!retryLater.isEmpty() || !splitNow.isEmpty()) {
            return DeliveryState.DEFERRED;
        }
        return unknown.isEmpty() ? DeliveryState.BOUNCED : DeliveryState.UNKNOWN;
    }

    /** Whether every recipient was accepted: the session needs no RSET. */
    boolean clean() {
        return bounced.isEmpty() && splitNow.isEmpty() && retryLater.isEmpty() && unknown.isEmpty();
    }

    static String line(Reply reply) {
        return reply.code() + " " + reply.text();
    }

    private static final class Builder {
        final List<Mailbox> delivered = new ArrayList<>();
        final List<Mailbox> bounced = new ArrayList<>();
        final List<Mailbox> splitNow = new ArrayList<>();
        final List<Mailbox> retryLater = new ArrayList<>();
        final List<Mailbox> unknown = new ArrayList<>();
        final List<RecipientOutcome> outcomes = new ArrayList<>();

        void add(Mailbox m, DeliveryState state, Reply reply, List<Mailbox> into) {
            addText(m, state, line(reply), into);
        }

        void addText(Mailbox m, DeliveryState state, String text, List<Mailbox> into) {
            into.add(m);
            outcomes.add(new RecipientOutcome(m, state, text));
        }

        Verdict build(Optional<Reply> reply, Optional<String> failure, boolean usable) {
            return new Verdict(List.copyOf(delivered), List.copyOf(bounced), List.copyOf(splitNow),
                    List.copyOf(retryLater), List.copyOf(unknown), outcomes, reply, failure, usable);
        }
    }
}
