package dev.pigeon.outbox;

/** What one attempt made of a message, or of one recipient. */
public enum DeliveryState {
    /** The server accepted it (a positive final reply). */
    DELIVERED,
    /** Refused permanently (5xx), or given up on after the last allowed attempt: never retried. */
    BOUNCED,
    /** Refused for now (4xx) or the connection failed: tried again later. */
    DEFERRED,
    /** The connection was lost after the final dot, before the reply (RFC 1047): possibly delivered. */
    UNKNOWN;

    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
