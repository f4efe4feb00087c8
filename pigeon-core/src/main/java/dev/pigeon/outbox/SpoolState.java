package dev.pigeon.outbox;

/**
 * The states a spooled message moves through, each change one journal record:
 * {@code queue → active → sent | failed | deferred | unknown}, and from {@code deferred} back to
 * {@code active} when its next attempt is due.
 */
public enum SpoolState {
    /** Waiting for its first attempt (or split off a transaction, for its recipients). */
    QUEUE("queue", false),
    /** Content handed over and the final dot about to go (the sending marker). Found at start-up: interrupted. */
    ACTIVE("active", false),
    /** Accepted by the server (for every recipient the entry still had). */
    SENT("sent", true),
    /** Refused permanently (5xx), or out of attempts or age. */
    FAILED("failed", true),
    /** Refused for now (4xx) or the connection failed; the metadata says when to try again. */
    DEFERRED("deferred", false),
    /**
     * The RFC 1047 window: the final dot may have gone out and no reply was recorded. Possibly
     * delivered; not resent unless asked ({@code --resend-unknown}).
     */
    UNKNOWN("unknown", true);

    private final String label;
    private final boolean terminal;

    SpoolState(String label, boolean terminal) {
        this.label = label;
        this.terminal = terminal;
    }

    /** The name of the state in the journal and in reports. */
    public String label() {
        return label;
    }

    static SpoolState ofLabel(String label) {
        for (SpoolState s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown spool state " + label);
    }

    /** Whether the entry is done with: no further attempt is made on it. */
    public boolean terminal() {
        return terminal;
    }
}
