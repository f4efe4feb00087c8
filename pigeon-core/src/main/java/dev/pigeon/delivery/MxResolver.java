package dev.pigeon.delivery;

import dev.pigeon.delivery.DnsLookup.Answer;
import java.net.IDN;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Finds where a domain's mail goes (RFC 5321 5.1), as a {@link Route}. Immutable and thread-safe.
 *
 * <pre>{@code
 * MxResolver resolver = MxResolver.builder().server(MxResolver.parseServer("127.0.0.1:5353")).build();
 * Route route = resolver.resolve("example.org");
 * }</pre>
 *
 * <ul>
 *   <li>MX records sorted by preference; hosts of equal preference shuffled (RFC 5321 5.1).</li>
 *   <li>No MX record (NOERROR/NODATA): the domain's own A/AAAA records, as an implicit MX.</li>
 *   <li>MX records present: only their hosts, never the domain's own addresses, even when no MX
 *       host has an address.</li>
 *   <li>A null MX (one MX, preference 0, exchange ".", RFC 7505), NXDOMAIN, or no MX host with an
 *       address: a permanent failure. SERVFAIL or no answer in time: a temporary one.</li>
 *   <li>An MX naming an IP address instead of a host, or a host without addresses, is left out
 *       with a note.</li>
 *   <li>Addresses of a host: its AAAA and A records interleaved, IPv6 first (RFC 8305 4), so a
 *       broken IPv6 path costs one connect timeout, not one per address.</li>
 *   <li>A domain literal ({@code [192.0.2.1]}, {@code [IPv6:2001:db8::1]}) routes to itself; an
 *       IDN is looked up by its A-labels.</li>
 * </ul>
 *
 * The timeout bounds a whole {@link #resolve} call: the MX lookup and the address lookups together
 * (these run in parallel). CNAMEs are followed by dnsjava.
 */
public final class MxResolver {
    /** Overall limit of one {@link #resolve} when the builder is not told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final DnsLookup dns;
    private final Duration timeout;
    private final RandomGenerator random; // null: ThreadLocalRandom at each call

    private MxResolver(DnsLookup dns, Duration timeout, RandomGenerator random) {
        this.dns = dns;
        this.timeout = timeout;
        this.random = random;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses {@code --dns-server HOST[:PORT]}: an IPv4 address, {@code [IPv6]} or a bare IPv6
     * address, or a host name (looked up once, by the system); port 53 unless given.
     *
     * @throws IllegalArgumentException when the text is not such an address, or the name is unknown
     */
    public static InetSocketAddress parseServer(String text) {
        HostPort hp = HostPort.parse(text);
        try {
            return new InetSocketAddress(InetAddress.getByName(hp.host()), hp.port());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown DNS server host: " + hp.host());
        }
    }

    public Duration timeout() {
        return timeout;
    }

    /** Where mail for {@code domain} goes. Never throws for a DNS answer; all of them are values. */
    public Route resolve(String domain) {
        Objects.requireNonNull(domain, "domain");
        String trimmed = domain.strip();
        if (trimmed.startsWith("[")) {
            return DomainLiteral.route(trimmed);
        }
        String ascii;
        Name name;
        try {
            ascii = toAscii(trimmed);
            name = Name.fromString(ascii, Name.root);
        } catch (IllegalArgumentException | TextParseException e) {
            return new Route.PermanentFailure(trimmed, "not a valid domain name: " + e.getMessage());
        }
        Instant deadline = Instant.now().plus(timeout);
        Answer mx = DnsLookup.await(dns.start(name, Type.MX), deadline, timeout);
        return switch (mx) {
            case Answer.Found found -> fromMx(ascii, found.records(), deadline);
            case Answer.NoData noData -> implicitMx(ascii, name, deadline);
            case Answer.NoSuchDomain nx -> new Route.PermanentFailure(ascii, ascii + ": no such domain (NXDOMAIN)");
            case Answer.Failed failed -> new Route.TemporaryFailure(ascii,
                    "MX lookup for " + ascii + " failed: " + failed.reason());
        };
    }

    /** A-labels, lower case, without a final dot. */
    static String toAscii(String domain) {
        String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        if (d.isEmpty()) {
            throw new IllegalArgumentException("empty domain");
        }
        return IDN.toASCII(d).toLowerCase(Locale.ROOT);
    }

    private Route implicitMx(String ascii, Name name, Instant deadline) {
        HostAddresses own = HostAddresses.start(dns, name).await(deadline, timeout);
        if (!own.addresses().isEmpty()) {
            return new Route.Resolved(ascii, List.of(new MailExchanger(ascii, 0, own.addresses())), true, List.of());
        }
        String why = ascii + " has no MX record, and its own address lookup found none: " + own.problem();
        return own.temporary() ? new Route.TemporaryFailure(ascii, why) : new Route.PermanentFailure(ascii, why);
    }

    private Route fromMx(String ascii, List<Record> records, Instant deadline) {
        List<MXRecord> mxs = records.stream().map(MXRecord.class::cast).toList();
        if (mxs.size() == 1 && mxs.getFirst().getTarget().equals(Name.root)) {
            return new Route.PermanentFailure(ascii, ascii + " does not accept mail (null MX, RFC 7505)");
        }
        List<String> notes = new ArrayList<>();
        Map<String, Pending> pending = new LinkedHashMap<>();
        for (MXRecord mx : ordered(mxs)) {
            String host = mx.getTarget().toString(true).toLowerCase(Locale.ROOT);
            if (mx.getTarget().equals(Name.root)) {
                notes.add("MX \".\" listed beside other MX records: ignored");
            } else if (IPV4.matcher(host).matches()) {
                notes.add("MX " + host + " is an IP address, not a host name: skipped (RFC 5321 5.1)");
            } else if (!pending.containsKey(host)) {
                pending.put(host, new Pending(mx.getPriority(), HostAddresses.start(dns, mx.getTarget())));
            }
        }
        List<MailExchanger> exchangers = new ArrayList<>();
        boolean temporary = false;
        for (var entry : pending.entrySet()) {
            HostAddresses found = entry.getValue().lookup().await(deadline, timeout);
            if (found.addresses().isEmpty()) {
                notes.add("MX " + entry.getKey() + ": no address (" + found.problem() + "): skipped");
                temporary |= found.temporary();
            } else {
                exchangers.add(new MailExchanger(entry.getKey(), entry.getValue().preference(), found.addresses()));
            }
        }
        if (!exchangers.isEmpty()) {
            return new Route.Resolved(ascii, exchangers, false, notes);
        }
        // MX records exist, so the domain's own A/AAAA records are never used (RFC 5321 5.1).
        String why = "no MX host of " + ascii + " has an address: " + String.join("; ", notes);
        return temporary ? new Route.TemporaryFailure(ascii, why) : new Route.PermanentFailure(ascii, why);
    }

    private record Pending(int preference, HostAddresses.Lookup lookup) {}

    /** By preference; equal preferences shuffled among themselves. */
    List<MXRecord> ordered(List<MXRecord> mxs) {
        List<MXRecord> sorted = new ArrayList<>(mxs);
        sorted.sort(Comparator.comparingInt(MXRecord::getPriority));
        int start = 0;
        while (start < sorted.size()) {
            int end = start;
            int preference = sorted.get(start).getPriority();
            while (end < sorted.size() && sorted.get(end).getPriority() == preference) {
                end++;
            }
            shuffle(sorted.subList(start, end));
            start = end;
        }
        return sorted;
    }

    private void shuffle(List<MXRecord> equal) {
        if (equal.size() < 2) {
            return;
        }
        if (random == null) {
            Collections.shuffle(equal, ThreadLocalRandom.current());
        } else {
            synchronized (random) {
                Collections.shuffle(equal, random);
            }
        }
    }

    public static final class Builder {
        private InetSocketAddress server;
        private Duration timeout = DEFAULT_TIMEOUT;
        private RandomGenerator random;

        private Builder() {}

        /** The DNS server to ask ({@code --dns-server}); without it, the system's resolvers. */
        public Builder server(InetSocketAddress server) {
            this.server = Objects.requireNonNull(server, "server");
            return this;
        }

        /** The limit of one {@link MxResolver#resolve} call, all its lookups included. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the DNS timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /** Shuffles MX hosts of equal preference; a seeded one makes the order repeatable (tests). */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        public MxResolver build() {
            Resolver resolver = server == null ? new ExtendedResolver() : new SimpleResolver(server);
            resolver.setTimeout(timeout);
            return new MxResolver(new DnsLookup(resolver), timeout, random);
        }
    }

    /** The parts of {@code HOST[:PORT]}. */
    record HostPort(String host, int port) {
        static HostPort parse(String text) {
            String t = Objects.requireNonNull(text, "server").strip();
            String host = t;
            String port = null;
            if (t.startsWith("[")) {
                int close = t.indexOf(']');
                if (close < 0 || (close + 1 < t.length() && t.charAt(close + 1) != ':')) {
                    throw new IllegalArgumentException("expected [IPv6]:PORT, got: " + text);
                }
                host = t.substring(1, close);
                port = close + 1 < t.length() ? t.substring(close + 2) : null;
            } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
                host = t.substring(0, t.indexOf(':'));
                port = t.substring(t.indexOf(':') + 1);
            }
            if (host.isEmpty()) {
                throw new IllegalArgumentException("no DNS server host in: " + text);
            }
            return new HostPort(host, port == null ? SimpleResolver.DEFAULT_PORT : parsePort(port, text));
        }

        private static int parsePort(String port, String text) {
            try {
                int p = Integer.parseInt(port);
                if (p >= 1 && p <= 65535) {
                    return p;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("DNS server port must be 1-65535: " + text);
        }
    }
}
