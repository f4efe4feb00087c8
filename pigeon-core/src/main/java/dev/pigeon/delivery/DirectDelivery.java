package dev.pigeon.delivery;

import dev.pigeon.client.Envelope;
import dev.pigeon.client.SendResult;
import dev.pigeon.client.SessionException;
import dev.pigeon.client.SmtpClient;
import dev.pigeon.client.Stage;
import dev.pigeon.message.MessageSource;
import dev.pigeon.protocol.Mailbox;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Delivers without a smarthost: the recipients are grouped by domain, each domain is routed by the
 * {@link MxResolver}, and its share of the envelope goes to its exchangers in order, each address of
 * each host in turn, until one session decides. Immutable and thread-safe.
 *
 * <pre>{@code
 * DirectDelivery direct = DirectDelivery.builder(client, MxResolver.builder().build()).build();
 * for (DomainDelivery d : direct.deliver(envelope, message)) { ... d.outcome() ... }
 * }</pre>
 *
 * The next address (then host) is tried when this one gave nothing decisive: the connection failed
 * or broke before the content was sent; the greeting was not 220 (Postfix's default
 * {@code smtp_skip_5xx_greeting}); a 4xx answered EHLO/HELO or MAIL; any 421; or every recipient was
 * refused with a 4xx. A 5xx to a recipient or to the message decides, and so does a positive final
 * reply. A connection lost after the final dot stops delivery to that domain (RFC 1047: the
 * message may have arrived; another host could deliver it twice).
 */
public final class DirectDelivery {
    /** The SMTP port MX delivery uses (RFC 5321 4.5.4.2 / IANA). */
    public static final int SMTP_PORT = 25;

    private final SmtpClient client;
    private final MxResolver resolver;
    private final int port;
    private final DeliveryListener listener;

    private DirectDelivery(Builder b) {
        this.client = b.client;
        this.resolver = b.resolver;
        this.port = b.port;
        this.listener = b.listener;
    }

    public static Builder builder(SmtpClient client, MxResolver resolver) {
        return new Builder(client, resolver);
    }

    /**
     * One delivery per recipient domain, in the order the domains first appear in the envelope.
     * Domains are delivered one after another.
     *
     * @throws IllegalArgumentException when the envelope spans several domains and the message
     *                                  source cannot be written twice (buffer it first)
     */
    public List<DomainDelivery> deliver(Envelope envelope, MessageSource message) {
        List<DomainGroup> groups = RecipientGrouping.byDomain(envelope.recipients());
        if (groups.size() > 1 && !message.isRepeatable()) {
            throw new IllegalArgumentException("recipients in " + groups.size()
                    + " domains need a message source that can be written more than once");
        }
        List<DomainDelivery> deliveries = new ArrayList<>(groups.size());
        for (DomainGroup group : groups) {
            deliveries.add(deliver(envelope.from(), group, message));
        }
        return deliveries;
    }

    /** Delivers {@code group}'s share of the envelope: routes its domain, then tries its exchangers. */
    public DomainDelivery deliver(Mailbox from, DomainGroup group, MessageSource message) {
        Route route = resolver.resolve(group.domain());
        listener.routed(group, route);
        return switch (route) {
            case Route.Failure failure -> new DomainDelivery(group, route, List.of(), new DeliveryOutcome.Unroutable(failure));
            case Route.Resolved resolved -> tryExchangers(new Envelope(from, group.recipients()), group, resolved, message);
        };
    }

    private DomainDelivery tryExchangers(Envelope envelope, DomainGroup group, Route.Resolved route, MessageSource message) {
        List<Attempt> attempts = new ArrayList<>();
        for (MailExchanger exchanger : route.exchangers()) {
            for (InetAddress address : exchanger.addresses()) {
                listener.trying(group, exchanger, address);
                Attempt attempt = attempt(exchanger, address, envelope, message);
                attempts.add(attempt);
                listener.attempted(group, attempt);
                if (decides(attempt)) {
                    return new DomainDelivery(group, route, attempts, outcome(attempt));
                }
            }
        }
        return new DomainDelivery(group, route, attempts, outcome(attempts.getLast()));
    }

    private Attempt attempt(MailExchanger exchanger, InetAddress address, Envelope envelope, MessageSource message) {
        try {
            // Connect to the address already resolved; TLS verifies the certificate against the
            // MX host's name (RFC 7672 would pin it with DANE; without DANE the name is what we have).
            SendResult result = client.send(exchanger.host(), address, port, envelope, message);
            return new Attempt.Completed(exchanger, address, result);
        } catch (SessionException e) {
            return new Attempt.Failed(exchanger, address, e);
        }
    }

    private static DeliveryOutcome outcome(Attempt attempt) {
        return switch (attempt) {
            case Attempt.Completed completed -> new DeliveryOutcome.Completed(completed);
            case Attempt.Failed failed -> new DeliveryOutcome.Failed(failed);
        };
    }

    private static boolean decides(Attempt attempt) {
        return switch (attempt) {
            case Attempt.Completed completed -> !triesNext(completed.result());
            case Attempt.Failed failed -> failed.failure().possiblyDelivered();
        };
    }

    /** Whether a session that ended with {@code result} leaves the message for the next address. */
    static boolean triesNext(SendResult result) {
        return switch (result.outcome()) {
            case REFUSED -> {
                int code = result.refusal().map(r -> r.code()).orElse(0);
                boolean early = result.stage() == Stage.HELLO || result.stage() == Stage.MAIL;
                yield result.stage() == Stage.GREETING || code == 421 || (early && code / 100 == 4);
            }
            case ALL_RECIPIENTS_REFUSED -> result.recipients().stream().allMatch(r -> r.reply().isTransient());
            case DELIVERED, PARTIALLY_DELIVERED, STOPPED -> false;
        };
    }

    public static final class Builder {
        private final SmtpClient client;
        private final MxResolver resolver;
        private int port = SMTP_PORT;
        private DeliveryListener listener = DeliveryListener.NONE;

        private Builder(SmtpClient client, MxResolver resolver) {
            this.client = Objects.requireNonNull(client, "client");
            this.resolver = Objects.requireNonNull(resolver, "resolver");
        }

        /** The port of every exchanger: 25 unless a test points at a loopback server. */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range 1-65535: " + port);
            }
            this.port = port;
            return this;
        }

        public Builder listener(DeliveryListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public DirectDelivery build() {
            return new DirectDelivery(this);
        }
    }
}
