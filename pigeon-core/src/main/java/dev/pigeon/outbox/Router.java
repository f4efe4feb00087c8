package dev.pigeon.outbox;

import dev.pigeon.delivery.DomainGroup;
import dev.pigeon.delivery.MailExchanger;
import dev.pigeon.delivery.MxResolver;
import dev.pigeon.delivery.RecipientGrouping;
import dev.pigeon.protocol.Mailbox;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each spool entry goes: everything through one smarthost, or each recipient domain to its
 * mail exchangers (one spool entry per domain, so every entry has one destination).
 */
public sealed interface Router {

    /** The route of entries whose recipients are in {@code routeDomain} (empty for a smarthost). */
    Routing route(String routeDomain);

    /** Splits a message's recipients into the groups that become separate entries. */
    List<DomainGroup> groups(List<Mailbox> recipients);

    /**
     * The scheduler's key for entries of {@code routeDomain}: connections are capped per key, so
     * it names a destination this router tells apart (every domain is one smarthost's).
     */
    String routeKey(String routeDomain);

    sealed interface Routing {
        /** Where to go, in order: a session is opened to the first that takes one. */
        record To(List<Destination> destinations) implements Routing {
            public To {
                destinations = List.copyOf(destinations);
                if (destinations.isEmpty()) {
                    throw new IllegalArgumentException("no destination");
                }
            }

            public To(Destination only) {
                this(List.of(only));
            }
        }

        record Unroutable(String reason, boolean permanent) implements Routing {}
    }

    static Router smarthost(String host, int port) {
        return new Smarthost(Destination.smarthost(host, port));
    }

    /**
     * By MX: every address of every exchanger in preference order (resolved once per run); a
     * connection goes to the first that opens a session, as {@link dev.pigeon.delivery.DirectDelivery} does.
     */
    static Router mx(MxResolver resolver, int port) {
        return new Mx(resolver, port, new ConcurrentHashMap<>());
    }

    record Smarthost(Destination destination) implements Router {
        @Override
        public Routing route(String routeDomain) {
            return new Routing.To(destination);
        }

        @Override
        public List<DomainGroup> groups(List<Mailbox> recipients) {
            return List.of(new DomainGroup("", recipients));
        }

        @Override
        public String routeKey(String routeDomain) {
            return "";
        }
    }

    record Mx(MxResolver resolver, int port, Map<String, Routing> cache) implements Router {
        @Override
        public Routing route(String routeDomain) {
            Routing routing = cache.computeIfAbsent(routeDomain, this::resolve);
            if (routing instanceof Routing.Unroutable u && !u.permanent()) {
                cache.remove(routeDomain); // a DNS hiccup: ask again at the next attempt
            }
            return routing;
        }

        private Routing resolve(String domain) {
            return switch (resolver.resolve(domain)) {
                case dev.pigeon.delivery.Route.Resolved r -> {
                    List<Destination> all = new java.util.ArrayList<>();
                    for (MailExchanger mx : r.exchangers()) {
                        for (java.net.InetAddress address : mx.addresses()) {
                            all.add(new Destination(mx.host(), java.util.Optional.of(address), port));
                        }
                    }
                    yield new Routing.To(all);
                }
                case dev.pigeon.delivery.Route.Failure f -> new Routing.Unroutable(f.reason(), f.permanent());
            };
        }

        @Override
        public List<DomainGroup> groups(List<Mailbox> recipients) {
            return RecipientGrouping.byDomain(recipients);
        }

        @Override
        public String routeKey(String routeDomain) {
            return routeDomain;
        }
    }
}
