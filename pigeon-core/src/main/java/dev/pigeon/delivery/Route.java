package dev.pigeon.delivery;

import java.util.List;
import java.util.Objects;

/**
 * Where a domain's mail goes, or why it cannot go anywhere. A value: DNS answers such as NXDOMAIN or
 * SERVFAIL are failures here, not exceptions.
 */
public sealed interface Route {
    /** The domain routed, in ASCII (A-labels), lower case. */
    String domain();

    /**
     * The hosts to try, in order (by preference, equal preferences shuffled), each with at least
     * one address.
     *
     * @param implicit true when the domain has no MX records and its own addresses stand in (RFC
     *                 5321 5.1), or when it is a domain literal
     * @param notes    hosts left out and why (an MX naming an IP address, a host without addresses)
     */
    record Resolved(String domain, List<MailExchanger> exchangers, boolean implicit, List<String> notes)
            implements Route {
        public Resolved {
            Objects.requireNonNull(domain, "domain");
            exchangers = List.copyOf(exchangers);
            notes = List.copyOf(notes);
            if (exchangers.isEmpty()) {
                throw new IllegalArgumentException("a resolved route needs at least one exchanger");
            }
        }
    }

    /** Routing failed; {@link #permanent()} says whether trying later could help. */
    sealed interface Failure extends Route {
        String reason();

        boolean permanent();
    }

    /** The domain cannot receive mail: NXDOMAIN, a null MX (RFC 7505), no host with an address. */
    record PermanentFailure(String domain, String reason) implements Failure {
        @Override
        public boolean permanent() {
            return true;
        }
    }

    /** DNS could not answer now (SERVFAIL, timeout, unreachable server): try again later. */
    record TemporaryFailure(String domain, String reason) implements Failure {
        @Override
        public boolean permanent() {
            return false;
        }
    }
}
