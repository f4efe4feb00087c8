package dev.pigeon.delivery;

import dev.pigeon.protocol.Mailbox;
import java.util.List;
import java.util.Objects;

/**
 * The recipients of one envelope that share a domain.
 *
 * @param domain     the routing key: A-labels in lower case, or the domain literal as written in
 *                   lower case; {@link MxResolver#resolve} takes it as it is
 * @param recipients in envelope order, each as the sender wrote it
 */
public record DomainGroup(String domain, List<Mailbox> recipients) {
    public DomainGroup {
        Objects.requireNonNull(domain, "domain");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a domain group needs at least one recipient");
        }
    }
}
