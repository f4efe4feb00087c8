package dev.pigeon.outbox;

import java.time.Instant;

/**
 * An entry waiting for an attempt, as the scheduler knows it: no content, no envelope.
 *
 * @param routeKey its route domain (empty through a smarthost): the per-destination cap counts by it
 * @param due      when it may be attempted
 */
record Pending(String id, String routeKey, Instant due) {}
