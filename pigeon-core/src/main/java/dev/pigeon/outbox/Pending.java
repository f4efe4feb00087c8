package dev.pigeon.outbox;

import java.time.Instant;

/**
 * An entry waiting for an attempt, as the scheduler knows it: no content, no envelope.
 *
 * @param routeKey {@link Router#routeKey} of its route domain: the per-destination cap counts by it
 * @param due      when it may be attempted
 * @param meta     its metadata when the scheduler was handed it with the entry (just spooled), so
 *                 the connection need not read it back; null otherwise
 */
record Pending(String id, String routeKey, Instant due, EntryMeta meta) {
    Pending(String id, String routeKey, Instant due) {
        this(id, routeKey, due, null);
    }
}
