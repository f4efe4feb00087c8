/**
 * A durable outbox for sending many messages: a spool directory and a pool of reused connections.
 *
 * <h2>The spool</h2>
 * {@code data/<id>.eml} holds each message's content (written once, never moved);
 * {@code <state>/<id>.meta} its envelope and history. The entry's state is the directory its
 * metadata is in, and a state change is one atomic rename: {@code queue/ → active/ → sent/ |
 * failed/ | deferred/ | unknown/}, and {@code deferred/ → active/} when a retry is due. Content is
 * written to {@code tmp/} and renamed into {@code data/}; a new entry's metadata is written in place
 * and recognised as whole by its last line; other metadata goes through {@code tmp/}. The
 * directories whose renames matter across a power cut are synced after them, one fsync shared by
 * every connection waiting for it ({@code sync(false)} trades that away for speed). Which ids are
 * where is also kept in memory, so enqueueing checks for duplicates without a system call.
 *
 * <h2>Exactly once, except in the RFC 1047 window</h2>
 * Just before the final dot (or last BDAT) can go out &mdash; after the content's last byte was
 * handed to the session, before {@code MessageSource.writeTo} returns &mdash; the entry's
 * {@code queue/<id>.meta} (or {@code deferred/}) is renamed {@code active/<id>.sending} and the
 * directory synced. Until then nothing on disk says the entry is in flight: a crash leaves it where
 * it was, and it is sent again, safely. After a crash ({@code kill -9}, a power cut), start-up
 * finds:
 * <ul>
 *   <li>{@code active/<id>.meta} (left by an older version): the dot cannot have been sent; the
 *       message goes back to {@code queue/} and is sent again, safely;</li>
 *   <li>{@code active/<id>.sending}: the dot may have been sent and the reply was never recorded;
 *       the message goes to {@code unknown/} ("possibly delivered") and is <em>not</em> resent
 *       unless {@code resendUnknown} is set;</li>
 *   <li>the same id in two directories: the higher-ranked wins (an entry leaves {@code active/} by
 *       writing its new state first, deleting the active file after).</li>
 * </ul>
 * A connection lost while waiting for the reply to the dot is recorded the same way, as
 * {@code unknown}. Re-enqueueing a message for the same recipients finds the same id (a hash of
 * the content and envelope) and adds nothing, so a rerun with the same sources resumes.
 *
 * <h2>Retries</h2>
 * 4xx replies and connection faults defer the recipients concerned, with exponential backoff and
 * jitter ({@link dev.pigeon.outbox.RetryPolicy}), up to its attempts and age; 5xx bounces them
 * for good. A 452 to RCPT while other recipients were accepted (too many recipients) splits: the
 * accepted ones go in this transaction, the others in a new spool entry sent next. Every
 * recipient ends in exactly one entry; every attempt is one {@link dev.pigeon.outbox.AttemptRecord}.
 *
 * <h2>Connections</h2>
 * {@code connections} virtual threads each lease a route, open a session ready for MAIL, and
 * send message after message on it: after a delivered transaction the next MAIL follows at once
 * (RFC 5321 4.1.4 allows it); after a failed one RSET comes first; at most
 * {@code maxPerConnection} messages per session. Routing is a smarthost, or MX per recipient
 * domain (one entry per domain) with a per-domain connection cap.
 */
package dev.pigeon.outbox;
