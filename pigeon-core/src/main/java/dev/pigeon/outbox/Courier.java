package dev.pigeon.outbox;

import dev.pigeon.client.SendResult;
import dev.pigeon.client.SessionException;
import dev.pigeon.protocol.Reply;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One connection's loop: lease a route, open a session, send entry after entry on it (straight to
 * the next MAIL after a success, RSET after a failed transaction) until the route has nothing
 * ready, {@code maxPerConnection} messages went, or the session broke; then QUIT and lease again.
 */
final class Courier implements Runnable {
    /** Everything the connection threads share. */
    record Shared(Spool spool, WorkQueue queue, Router router, Transport transport, Settler settler,
                  OutboxListener listener, RateLimiter rate, int maxPerConnection, Clock clock, Failures failures) {}

    /** The first spool failure (a full disk, say) stops the run; it is rethrown by {@link Outbox#run}. */
    static final class Failures {
        private IOException first;

        synchronized void record(IOException e) {
            if (first == null) {
                first = e;
            }
        }

        synchronized IOException first() {
            return first;
        }
    }

    private final Shared s;

    Courier(Shared shared) {
        this.s = shared;
    }

    @Override
    public void run() {
        try {
            Optional<WorkQueue.Lease> lease;
            while ((lease = s.queue().take()).isPresent()) {
                serve(lease.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            s.queue().stop();
        } catch (IOException e) {
            s.failures().record(e);
            s.queue().stop();
        } catch (RuntimeException | Error e) {
            // An entry this thread held is never done(): without a stop the other connections
            // would wait for it forever.
            s.queue().stop();
            throw e;
        }
    }

    private void serve(WorkQueue.Lease lease) throws IOException, InterruptedException {
        Router.Routing routing = s.router().route(lease.routeKey());
        Transport.Session session = null;
        Destination destination = null;
        int sent = 0;
        Optional<Pending> next = Optional.of(lease.first());
        try {
            while (next.isPresent()) {
                Pending p = next.get();
                next = Optional.empty();
                Instant started = s.clock().instant();
                Optional<EntryMeta> found = s.spool().read(p.id());
                if (found.isEmpty()) {
                    s.queue().done(); // gone meanwhile
                    next = s.queue().next(lease.routeKey());
                    continue;
                }
                EntryMeta meta = found.get();
                if (routing instanceof Router.Routing.Unroutable u) {
                    settle(meta, unroutable(meta, u), "-", started, false);
                    next = s.queue().next(lease.routeKey());
                    continue;
                }
                if (session == null) {
                    Opened opened = openFirst(((Router.Routing.To) routing).destinations(), meta);
                    destination = opened.destination();
                    if (opened.session() == null) {
                        settle(meta, opened.failure(), destination.toString(), started, false);
                        return; // this route is unwell now: let the entries wait their turn
                    }
                    session = opened.session();
                }
                if (s.rate() != null) {
                    s.rate().acquire();
                }
                MarkedContent content = content(meta);
                Verdict v = transact(session, meta, content);
                settle(meta, v, destination.toString(), started, content.marked());
                sent++;
                if (!v.sessionUsable() || (!v.clean() && !session.reset())) {
                    session.close();
                    session = null;
                    return;
                }
                if (sent < s.maxPerConnection()) {
                    next = s.queue().next(lease.routeKey());
                }
            }
        } finally {
            if (session != null) {
                session.close();
            }
            s.queue().release(lease.routeKey());
        }
    }

    private MarkedContent content(EntryMeta meta) {
        return new MarkedContent(s.spool().content(meta), meta.size(), meta.eightBit(),
                () -> s.spool().markSending(meta.id()));
    }

    private Verdict transact(Transport.Session session, EntryMeta meta, MarkedContent content) {
        try {
            SendResult result = session.send(meta.envelope(), content);
            return Verdict.of(result, meta.recipients());
        } catch (SessionException e) {
            return Verdict.of(e, meta.recipients());
        }
    }

    private record Opened(Destination destination, Transport.Session session, Verdict failure) {}

    /** The first destination (in preference order) that opens a session; else the last one's failure. */
    private Opened openFirst(List<Destination> destinations, EntryMeta meta) {
        Opened opened = null;
        for (Destination d : destinations) {
            opened = open(d, meta);
            if (opened.session() != null) {
                return opened;
            }
        }
        return opened;
    }

    /**
     * Opens a session for {@code meta}, the first entry. A refusal before MAIL (even a 5xx to AUTH)
     * says nothing about this message: it is deferred, as for a connection fault.
     */
    private Opened open(Destination destination, EntryMeta meta) {
        try {
            return switch (s.transport().open(destination)) {
                case Transport.Opening.Ready ready -> new Opened(destination, ready.session(), null);
                case Transport.Opening.Refused refused -> {
                    String why = Verdict.line(refused.reply());
                    s.listener().connectionFailed(destination.toString(), why);
                    yield new Opened(destination, null, Verdict.fault(destination + " refused the session: " + why,
                            false, meta.recipients()));
                }
            };
        } catch (SessionException e) {
            s.listener().connectionFailed(destination.toString(), e.getMessage());
            return new Opened(destination, null, Verdict.fault(e.getMessage(), false, meta.recipients()));
        }
    }

    private void settle(EntryMeta meta, Verdict v, String destination, Instant started, boolean marked)
            throws IOException {
        try {
            Settler.Settled settled = s.settler().settle(meta, v, destination, started, s.clock().instant(), marked);
            settled.schedule().forEach(s.queue()::add);
            try {
                s.listener().attempted(settled.record());
            } catch (RuntimeException e) {
                // A failing listener (a report that cannot be written) must not stop delivery; the
                // spool has the outcome.
            }
        } finally {
            s.queue().done();
        }
    }

    private static Verdict unroutable(EntryMeta meta, Router.Routing.Unroutable u) {
        Reply reply = Reply.of(u.permanent() ? 550 : 451, (u.permanent() ? "5.1.2 " : "4.4.3 ") + u.reason());
        return Verdict.refused(reply, meta.recipients());
    }
}
