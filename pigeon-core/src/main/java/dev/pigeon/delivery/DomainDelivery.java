package dev.pigeon.delivery;

import java.util.List;
import java.util.Objects;

/**
 * Delivery to one recipient domain: its route, every attempt in order, and how it ended.
 *
 * @param attempts empty when the domain could not be routed
 */
public record DomainDelivery(DomainGroup group, Route route, List<Attempt> attempts, DeliveryOutcome outcome) {
    public DomainDelivery {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(route, "route");
        attempts = List.copyOf(attempts);
        Objects.requireNonNull(outcome, "outcome");
    }

    public String domain() {
        return group.domain();
    }
}
