package dev.pigeon.outbox;

import dev.pigeon.protocol.Mailbox;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Records an attempt's verdict in the spool. The entry keeps its id for its main group of
 * recipients (delivered, else retried later, else unknown, else bounced); every other group
 * becomes a child entry sharing the content, written first. Children are named after the parent
 * and the attempt, so a rerun writes the same names again rather than new entries.
 */
final class Settler {
    private final Spool spool;
    private final Router router;
    private final RetryPolicy retry;
    private final RandomGenerator random;
    private final boolean resendUnknown;

    Settler(Spool spool, Router router, RetryPolicy retry, RandomGenerator random, boolean resendUnknown) {
        this.spool = spool;
        this.router = router;
        this.retry = retry;
        this.random = random;
        this.resendUnknown = resendUnknown;
    }

    /** What was recorded, and the entries to schedule (this one when deferred; split-off children). */
    record Settled(AttemptRecord record, List<Pending> schedule) {}

    /** @param marked whether the sending marker was recorded (the content went) */
    Settled settle(EntryMeta meta, Verdict v, String destination, Instant started, Instant now, boolean marked)
            throws IOException {
        int attempt = meta.attempts() + 1;
        Optional<Instant> next = retry.next(attempt, meta.created(), now, random);
        List<RecipientOutcome> outcomes = new ArrayList<>();
        List<Mailbox> later = new ArrayList<>();
        List<Mailbox> bounced = new ArrayList<>(v.bounced());
        List<Mailbox> unknown = new ArrayList<>();
        for (RecipientOutcome o : v.outcomes()) {
            boolean retries = v.retryLater().contains(o.recipient())
                    || (resendUnknown && v.unknown().contains(o.recipient()));
            if (retries && next.isEmpty()) {
                bounced.add(o.recipient());
                outcomes.add(new RecipientOutcome(o.recipient(), DeliveryState.BOUNCED,
                        o.reply() + " (gave up after " + attempt + " attempts)"));
            } else if (retries) {
                later.add(o.recipient());
                outcomes.add(new RecipientOutcome(o.recipient(), DeliveryState.DEFERRED, o.reply()));
            } else {
                if (v.unknown().contains(o.recipient())) {
                    unknown.add(o.recipient());
                }
                outcomes.add(o);
            }
        }
        String reply = v.reply().map(Verdict::line).or(v::failure).orElse("");
        EntryMeta done = meta.attempted(reply, Optional.empty());
        List<Group> groups = new ArrayList<>();
        groups.add(new Group("d", v.delivered(), SpoolState.SENT, Optional.empty()));
        groups.add(new Group("l", later, SpoolState.DEFERRED, next));
        groups.add(new Group("u", unknown, SpoolState.UNKNOWN, Optional.empty()));
        groups.add(new Group("b", bounced, SpoolState.FAILED, Optional.empty()));
        groups.add(new Group("s", v.splitNow(), SpoolState.QUEUE, Optional.of(now)));
        Group own = groups.stream().filter(g -> !g.recipients().isEmpty()).findFirst().orElseThrow();

        List<Pending> schedule = new ArrayList<>();
        for (Group g : groups) {
            if (g == own || g.recipients().isEmpty()) {
                continue;
            }
            String childId = meta.id() + "." + attempt + g.tag();
            // A 452 split is no failure of its recipients: the child keeps the attempts made so far.
            EntryMeta child = (g.state() == SpoolState.QUEUE ? meta : done)
                    .child(childId, g.recipients(), g.due(), reply);
            spool.record(g.state(), child); // forced before the parent's outcome: a recipient is never dropped
            g.due().ifPresent(due -> schedule.add(new Pending(childId, router.routeKey(meta.routeDomain()), due)));
        }
        EntryMeta ownMeta = done.child(meta.id(), own.recipients(), own.due(), reply); // same id, own group
        boolean whole = own.state() == SpoolState.SENT && own.recipients().size() == meta.recipients().size();
        if (whole && marked) {
            spool.recordSent(meta.id());
        } else {
            spool.record(own.state(), ownMeta);
        }
        own.due().ifPresent(due -> schedule.add(new Pending(meta.id(), router.routeKey(meta.routeDomain()), due)));

        DeliveryState state = !v.delivered().isEmpty() ? DeliveryState.DELIVERED
                : !later.isEmpty() || !v.splitNow().isEmpty() ? DeliveryState.DEFERRED
                : !unknown.isEmpty() ? DeliveryState.UNKNOWN : DeliveryState.BOUNCED;
        Optional<Instant> nextAttempt = !later.isEmpty() ? next : v.splitNow().isEmpty() ? Optional.empty()
                : Optional.of(now);
        AttemptRecord record = new AttemptRecord(meta.id(), meta.source(), meta.messageId(), attempt, state, outcomes,
                v.reply(), v.failure(), v.reply().filter(r -> !v.delivered().isEmpty()).flatMap(QueueIds::of),
                nextAttempt, destination, now, Duration.between(started, now));
        return new Settled(record, schedule);
    }

    private record Group(String tag, List<Mailbox> recipients, SpoolState state, Optional<Instant> due) {}
}
