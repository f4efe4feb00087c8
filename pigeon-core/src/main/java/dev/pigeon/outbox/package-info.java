/**
 * A durable outbox for sending many messages: a spool directory and a pool of reused connections.
 *
 * <h2>The spool</h2>
 * Contents are appended to data segments ({@code data/NNNNNNNN.seg}) and every state change of
 * every entry is one record appended to the journal ({@code journal/NNNNNNNN.log}):
 * {@code queue → active → sent | failed | deferred | unknown}, and {@code deferred → active} when
 * a retry is due. Nothing is created, renamed or deleted per message. Opening the spool replays the
 * journal, writes the current state of every entry into a fresh one and deletes the old, and
 * deletes data segments that only delivered entries refer to (see {@link dev.pigeon.outbox.Spool}).
 * Which ids are where is kept in memory, so enqueueing checks for duplicates without a system call.
 *
 * <h2>Exactly once, except in the RFC 1047 window</h2>
 * Just before the final dot (or last BDAT) can go out &mdash; after the content's last byte was
 * handed to the session, before {@code MessageSource.writeTo} returns &mdash; the entry's
 * {@code active} record (the sending marker) is appended and, with {@code sync} on, forced to
 * disk, one fsync shared by every connection waiting for it. Until then nothing on disk says the
 * entry is in flight: a crash leaves it queued or deferred, and it is sent again, safely. After a
 * crash ({@code kill -9}, a power cut), an entry whose last record is the marker may have been
 * delivered: it becomes {@code unknown} ("possibly delivered") and is <em>not</em> resent unless
 * {@code resendUnknown} is set. A connection lost while waiting for the reply to the dot is
 * recorded the same way. Re-enqueueing a message for the same recipients finds the same id (a
 * hash of the content and envelope) and adds nothing, so a rerun with the same sources resumes.
 *
 * <h2>Retries</h2>
 * 4xx replies and connection faults defer the recipients concerned, with exponential backoff and
 * jitter ({@link dev.pigeon.outbox.RetryPolicy}), up to its attempts and age; 5xx bounces them
 * for good. A 452 to RCPT while other recipients were accepted (too many recipients) splits: the
 * accepted ones go in this transaction, the others in a new spool entry sent next. Every
 * recipient ends in exactly one entry; every attempt is one {@link dev.pigeon.outbox.AttemptRecord}.
 *
 * <h2>Connections</h2>
 * {@code connections} threads (platform threads up to 64, virtual ones beyond) each lease a route, open a session ready for MAIL, and
 * send message after message on it: after a delivered transaction the next MAIL follows at once
 * (RFC 5321 4.1.4 allows it); after a failed one RSET comes first; at most
 * {@code maxPerConnection} messages per session. Routing is a smarthost, or MX per recipient
 * domain (one entry per domain) with a per-domain connection cap.
 */
package dev.pigeon.outbox;
