package dev.pigeon.delivery;

import dev.pigeon.protocol.Mailbox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits recipients by domain, one transaction per domain in direct delivery. Domains compare
 * without regard to case, and an IDN in U-labels equals its A-labels ({@code bücher.example} and
 * {@code xn--bcher-kva.example} are one domain). Groups come in the order their first recipient
 * appears; recipients keep their order within a group.
 */
public final class RecipientGrouping {
    private RecipientGrouping() {}

    public static List<DomainGroup> byDomain(List<Mailbox> recipients) {
        Map<String, List<Mailbox>> groups = new LinkedHashMap<>();
        for (Mailbox recipient : recipients) {
            if (recipient.isNull()) {
                throw new IllegalArgumentException("the null path <> is not a recipient");
            }
            groups.computeIfAbsent(key(recipient.domain()), k -> new ArrayList<>()).add(recipient);
        }
        return groups.entrySet().stream().map(e -> new DomainGroup(e.getKey(), e.getValue())).toList();
    }

    /** The routing key of a domain: A-labels in lower case; a literal or a non-IDNA name in lower case. */
    static String key(String domain) {
        if (domain.startsWith("[")) {
            return domain.toLowerCase(Locale.ROOT);
        }
        try {
            return MxResolver.toAscii(domain);
        } catch (IllegalArgumentException e) {
            // Not convertible: grouped by its own spelling; the resolver reports it as invalid.
            return domain.toLowerCase(Locale.ROOT);
        }
    }
}
