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

    sealed interface Routing {
        record To(Destination destination) implements Routing {}

        record Unroutable(String reason, boolean permanent) implements Routing {}
    }

    static Router smarthost(String host, int port) {
        return new Smarthost(Destination.smarthost(host, port));
    }

    /** By MX, the first reachable-looking exchanger's first address (preference order), resolved once per run. */
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
                    MailExchanger first = r.exchangers().getFirst();
                    yield new Routing.To(new Destination(first.host(),
                            java.util.Optional.of(first.addresses().getFirst()), port));
                }
                case dev.pigeon.delivery.Route.Failure f -> new Routing.Unroutable(f.reason(), f.permanent());
            };
        }

        @Override
        public List<DomainGroup> groups(List<Mailbox> recipients) {
            return RecipientGrouping.byDomain(recipients);
        }
    }
}
