package dev.pigeon.outbox;

/**
 * The directories of a spool a message's metadata file moves through, one atomic rename at a
 * time: {@code queue/ → active/ → sent/ | failed/ | deferred/ | unknown/}, and from
 * {@code deferred/} back to {@code active/} when its next attempt is due.
 */
public enum SpoolState {
    /** Waiting for its first attempt (or split off a transaction, for its recipients). */
    QUEUE("queue", false),
    /** In flight: claimed by a connection. Found here at start-up, it was interrupted. */
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

    private final String directory;
    private final boolean terminal;

    SpoolState(String directory, boolean terminal) {
        this.directory = directory;
        this.terminal = terminal;
    }

    public String directory() {
        return directory;
    }

    /** Whether the entry is done with: no further attempt is made on it. */
    public boolean terminal() {
        return terminal;
    }

    /**
     * When the same entry shows in two directories, the higher rank wins: an entry leaves
     * {@code active/} by writing its new state first and deleting the active file after, so a
     * crash between leaves the newer state in a ranked-higher directory.
     */
    int rank() {
        return switch (this) {
            case QUEUE -> 0;
            case ACTIVE -> 1;
            case DEFERRED -> 2;
            case SENT, FAILED, UNKNOWN -> 3;
        };
    }
}
