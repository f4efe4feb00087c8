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

    /** A started transaction; with pipelining, the reply to its final dot may still be unread. */
    private record InFlight(EntryMeta meta, MarkedContent content, Instant started, Transport.Started transaction) {}

    private void serve(WorkQueue.Lease lease) throws IOException, InterruptedException {
        Router.Routing routing = s.router().route(lease.routeKey());
        Transport.Session session = null;
        Destination destination = null;
        InFlight flying = null;
        int sent = 0;
        Optional<Pending> next = Optional.of(lease.first());
        try {
            while (true) {
                if (next.isEmpty()) {
                    if (flying == null) {
                        return;
                    }
                    // Nothing ready to follow the last dot: take its reply, then wait for more work.
                    InFlight last = flying;
                    flying = null;
                    if (!land(last, session, destination)) {
                        session.close();
                        session = null;
                        return;
                    }
                    next = sent < s.maxPerConnection() ? s.queue().next(lease.routeKey()) : Optional.empty();
                    continue;
                }
                Pending p = next.get();
                next = Optional.empty();
                Instant started = s.clock().instant();
                Optional<EntryMeta> found = p.meta() != null ? Optional.of(p.meta()) : s.spool().read(p.id());
                if (found.isEmpty()) {
                    s.queue().done(); // gone meanwhile
                    next = flying != null ? s.queue().poll(lease.routeKey()) : s.queue().next(lease.routeKey());
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
                // The previous transaction's final reply is read before this one's first; it is
                // settled before this one's content goes, or right after should none go.
                Landing previous = new Landing(flying, session, destination);
                flying = null;
                MarkedContent content = content(meta, previous::land);
                InFlight current = new InFlight(meta, content, started, start(session, meta, content));
                sent++;
                if (!previous.land()) {
                    land(current, session, destination); // its commands went to a failing session
                    session.close();
                    session = null;
                    return;
                }
                if (current.transaction().awaitingFinalReply()) {
                    flying = current; // the next MAIL goes out with its dot, if one is ready now
                    next = sent < s.maxPerConnection() ? s.queue().poll(lease.routeKey()) : Optional.empty();
                } else {
                    if (!land(current, session, destination)) {
                        session.close();
                        session = null;
                        return;
                    }
                    next = sent < s.maxPerConnection() ? s.queue().next(lease.routeKey()) : Optional.empty();
                }
            }
        } finally {
            try {
                if (flying != null) {
                    land(flying, session, destination);
                }
            } finally {
                if (session != null) {
                    session.close();
                }
                s.queue().release(lease.routeKey());
            }
        }
    }

    private MarkedContent content(EntryMeta meta, MarkedContent.Marker before) {
        return new MarkedContent(s.spool().content(meta), meta.size(), meta.eightBit(), before,
                () -> s.spool().markSending(meta.id()));
    }

    /** Settles a transaction in flight once, whenever first asked; remembers whether the session is still usable. */
    private final class Landing {
        private final InFlight transaction;
        private final Transport.Session session;
        private final Destination destination;
        private boolean landed;
        private boolean usable = true;

        Landing(InFlight transaction, Transport.Session session, Destination destination) {
            this.transaction = transaction;
            this.session = session;
            this.destination = destination;
        }

        boolean land() throws IOException {
            if (transaction != null && !landed) {
                landed = true;
                usable = Courier.this.land(transaction, session, destination);
            }
            return usable;
        }
    }

    private static Transport.Started start(Transport.Session session, EntryMeta meta, MarkedContent content) {
        try {
            return session.start(meta.envelope(), content);
        } catch (SessionException e) {
            return new Transport.Started() {
                @Override
                public boolean awaitingFinalReply() {
                    return false;
                }

                @Override
                public SendResult result() throws SessionException {
                    throw e;
                }
            };
        }
    }

    /**
     * Settles a transaction (reading its final reply if no later read did); false when the session
     * cannot carry another. One that ended before its dot (MAIL or every RCPT refused) left the
     * server inside a transaction: RSET. One whose dot went is over, whatever the reply.
     */
    private boolean land(InFlight t, Transport.Session session, Destination destination) throws IOException {
        Verdict v;
        try {
            v = Verdict.of(t.transaction().result(), t.meta().recipients());
        } catch (SessionException e) {
            v = Verdict.of(e, t.meta().recipients());
        }
        settle(t.meta(), v, destination.toString(), t.started(), t.content().marked());
        if (!v.sessionUsable()) {
            return false;
        }
        return v.clean() || t.transaction().awaitingFinalReply() || session.reset();
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
