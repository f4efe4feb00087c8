package dev.pigeon.outbox;

/**
 * Events of an {@link Outbox} run: the JSONL report, the progress display and the summary are
 * listeners. Called from the connection threads, concurrently: implementations synchronise.
 */
public interface OutboxListener {
    OutboxListener NONE = new OutboxListener() {};

    /** The run starts with this many entries to attempt (queued and deferred). */
    default void started(int pending) {}

    /** More entries joined the run: enqueued while it delivers (see {@link Outbox#run(OutboxListener, Outbox.Feeder)}). */
    default void queued(int more) {}

    /** One attempt was decided and recorded in the spool. */
    default void attempted(AttemptRecord record) {}

    /** A connection could not be opened or was refused before MAIL. */
    default void connectionFailed(String destination, String why) {}
}
