package dev.pigeon.delivery;

import dev.pigeon.delivery.DnsLookup.Answer;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The addresses of one host from its AAAA and A records, asked in parallel.
 *
 * @param addresses IPv6 and IPv4 interleaved, IPv6 first; each family in the order DNS gave
 * @param problem   when there are none: why (empty otherwise)
 * @param temporary when there are none: whether a lookup failed temporarily (so trying later may help)
 */
record HostAddresses(List<InetAddress> addresses, String problem, boolean temporary) {
    HostAddresses {
        addresses = List.copyOf(addresses);
    }

    /** Both questions, in flight. */
    record Lookup(CompletableFuture<Answer> aaaa, CompletableFuture<Answer> a) {
        HostAddresses await(Instant deadline, Duration timeout) {
            Answer six = DnsLookup.await(aaaa, deadline, timeout);
            Answer four = DnsLookup.await(a, deadline, timeout);
            List<InetAddress> addresses = interleave(addresses(six), addresses(four));
            if (!addresses.isEmpty()) {
                return new HostAddresses(addresses, "", false);
            }
            boolean temporary = six instanceof Answer.Failed || four instanceof Answer.Failed;
            return new HostAddresses(List.of(), "AAAA: " + describe(six) + ", A: " + describe(four), temporary);
        }
    }

    static Lookup start(DnsLookup dns, Name host) {
        return new Lookup(dns.start(host, Type.AAAA), dns.start(host, Type.A));
    }

    /** IPv6, IPv4, IPv6, ... (RFC 8305 section 4), then whatever is left of the longer list. */
    static List<InetAddress> interleave(List<InetAddress> v6, List<InetAddress> v4) {
        List<InetAddress> out = new ArrayList<>(v6.size() + v4.size());
        for (int i = 0; i < Math.max(v6.size(), v4.size()); i++) {
            if (i < v6.size()) {
                out.add(v6.get(i));
            }
            if (i < v4.size()) {
                out.add(v4.get(i));
            }
        }
        return out;
    }

    private static List<InetAddress> addresses(Answer answer) {
        if (!(answer instanceof Answer.Found found)) {
            return List.of();
        }
        return found.records().stream().map(r -> switch (r) {
            case AAAARecord six -> six.getAddress();
            case ARecord four -> four.getAddress();
            default -> throw new IllegalStateException("not an address record: " + r);
        }).toList();
    }

    private static String describe(Answer answer) {
        return switch (answer) {
            case Answer.Found found -> found.records().size() + " record(s)";
            case Answer.NoData noData -> "none";
            case Answer.NoSuchDomain nx -> "no such domain (NXDOMAIN)";
            case Answer.Failed failed -> "lookup failed: " + failed.reason();
        };
    }
}
