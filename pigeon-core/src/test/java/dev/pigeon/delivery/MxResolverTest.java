package dev.pigeon.delivery;

import dev.pigeon.testing.LoopbackDnsServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pigeon.testing.LoopbackDnsServer.Fault;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;

/** MxResolver against a loopback DNS server; the system resolver is never asked. */
class MxResolverTest {
    private final LoopbackDnsServer dns = LoopbackDnsServer.start();

    @AfterEach
    void stop() {
        dns.close();
    }

    private MxResolver resolver() {
        return MxResolver.builder().server(dns.address()).timeout(Duration.ofSeconds(5)).build();
    }

    private static List<String> hosts(Route route) {
        assertThat(route).isInstanceOf(Route.Resolved.class);
        return ((Route.Resolved) route).exchangers().stream().map(MailExchanger::host).toList();
    }

    private static List<String> addresses(MailExchanger mx) {
        return mx.addresses().stream().map(InetAddress::getHostAddress).toList();
    }

    @Test
    void exchangersComeInPreferenceOrderWithTheirAddresses() {
        dns.add("example.test", "MX", "20 mx2.example.test.")
                .add("example.test", "MX", "10 mx1.example.test.")
                .add("example.test", "MX", "30 mx3.example.test.")
                .add("mx1.example.test", "A", "127.0.0.1")
                .add("mx2.example.test", "A", "127.0.0.2")
                .add("mx3.example.test", "A", "127.0.0.3");

        Route route = resolver().resolve("example.test");

        assertThat(hosts(route)).containsExactly("mx1.example.test", "mx2.example.test", "mx3.example.test");
        Route.Resolved resolved = (Route.Resolved) route;
        assertThat(resolved.implicit()).isFalse();
        assertThat(resolved.domain()).isEqualTo("example.test");
        assertThat(resolved.exchangers()).extracting(MailExchanger::preference).containsExactly(10, 20, 30);
        assertThat(addresses(resolved.exchangers().get(1))).containsExactly("127.0.0.2");
    }

    @Test
    void equalPreferencesAreShuffledByTheGivenRandomOnly() throws Exception {
        MxResolver resolver = MxResolver.builder().server(dns.address()).random(new FixedRandom(0)).build();
        List<MXRecord> records = List.of(mx(10, "a.test."), mx(10, "b.test."), mx(5, "first.test."),
                mx(10, "c.test."), mx(20, "last.test."));

        List<String> order = resolver.ordered(records).stream().map(r -> r.getTarget().toString(true)).toList();

        // Collections.shuffle with nextInt always 0 turns [a, b, c] into [b, c, a]; the others keep their place.
        assertThat(order).containsExactly("first.test", "b.test", "c.test", "a.test", "last.test");
        MxResolver identity = MxResolver.builder().server(dns.address()).random(new FixedRandom(-1)).build();
        assertThat(identity.ordered(records).stream().map(r -> r.getTarget().toString(true)).toList())
                .containsExactly("first.test", "a.test", "b.test", "c.test", "last.test");
    }

    @Test
    void equalPreferencesEachComeFirstSometimesAndNeverBeforeABetterPreference() {
        dns.add("example.test", "MX", "10 a.test.").add("example.test", "MX", "10 b.test.")
                .add("example.test", "MX", "10 c.test.").add("example.test", "MX", "5 best.test.")
                .add("example.test", "MX", "20 worst.test.");
        for (String host : List.of("a", "b", "c", "best", "worst")) {
            dns.add(host + ".test", "A", "127.0.0.1");
        }
        MxResolver resolver = MxResolver.builder().server(dns.address()).random(new Random(42)).build();
        MxResolver sameSeed = MxResolver.builder().server(dns.address()).random(new Random(42)).build();

        Set<String> secondPlaces = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            List<String> hosts = hosts(resolver.resolve("example.test"));
            assertThat(hosts).hasSize(5);
            assertThat(hosts.getFirst()).isEqualTo("best.test");
            assertThat(hosts.getLast()).isEqualTo("worst.test");
            assertThat(hosts.subList(1, 4)).containsExactlyInAnyOrder("a.test", "b.test", "c.test");
            assertThat(hosts(sameSeed.resolve("example.test"))).isEqualTo(hosts);
            secondPlaces.add(hosts.get(1));
        }
        assertThat(secondPlaces).containsExactlyInAnyOrder("a.test", "b.test", "c.test");
    }

    @Test
    void noMxRecordMeansTheDomainItselfIsTheImplicitMx() {
        dns.add("example.test", "A", "127.0.0.7").add("example.test", "TXT", "\"v=spf1 -all\"");

        Route route = resolver().resolve("Example.TEST.");

        Route.Resolved resolved = (Route.Resolved) route;
        assertThat(resolved.implicit()).isTrue();
        assertThat(resolved.exchangers()).singleElement().satisfies(mx -> {
            assertThat(mx.host()).isEqualTo("example.test");
            assertThat(mx.preference()).isZero();
            assertThat(addresses(mx)).containsExactly("127.0.0.7");
        });
        assertThat(dns.queries()).startsWith("example.test MX").contains("example.test A", "example.test AAAA");
    }

    @Test
    void noMxAndNoAddressIsPermanent() {
        dns.add("example.test", "TXT", "\"hello\"");

        assertThat(resolver().resolve("example.test")).isInstanceOfSatisfying(Route.PermanentFailure.class,
                f -> assertThat(f.reason()).contains("no MX record"));
    }

    @Test
    void whenMxRecordsExistTheDomainsOwnAddressesAreNeverUsed() {
        dns.add("example.test", "MX", "10 gone.test.").add("example.test", "A", "127.0.0.9")
                .add("example.test", "AAAA", "::1");

        Route route = resolver().resolve("example.test");

        assertThat(route).isInstanceOfSatisfying(Route.PermanentFailure.class,
                f -> assertThat(f.reason()).contains("no MX host of example.test has an address")
                        .contains("gone.test"));
        assertThat(dns.queries()).containsExactlyInAnyOrder("example.test MX", "gone.test A", "gone.test AAAA");
    }

    @Test
    void mxHostsThatCannotBeResolvedNowAreATemporaryFailureWithoutFallback() {
        dns.add("example.test", "MX", "10 mx.test.").add("example.test", "A", "127.0.0.9")
                .add("mx.test", "A", "127.0.0.1").fail("mx.test", "*", Fault.SERVFAIL);

        assertThat(resolver().resolve("example.test")).isInstanceOfSatisfying(Route.TemporaryFailure.class,
                f -> assertThat(f.reason()).contains("SERVFAIL"));
        assertThat(dns.queries()).doesNotContain("example.test A", "example.test AAAA");
    }

    @Test
    void aHostWithoutAddressesIsSkippedWithANote() {
        dns.add("example.test", "MX", "10 empty.test.").add("example.test", "MX", "20 mx.test.")
                .add("empty.test", "TXT", "\"no address here\"").add("mx.test", "A", "127.0.0.1");

        Route.Resolved resolved = (Route.Resolved) resolver().resolve("example.test");

        assertThat(hosts(resolved)).containsExactly("mx.test");
        assertThat(resolved.notes()).singleElement().asString().contains("empty.test").contains("no address");
    }

    @Test
    void anMxNamingAnIpAddressIsSkippedWithANote() {
        dns.add("example.test", "MX", "10 127.0.0.5.").add("example.test", "MX", "20 mx.test.")
                .add("mx.test", "A", "127.0.0.1");

        Route.Resolved resolved = (Route.Resolved) resolver().resolve("example.test");

        assertThat(hosts(resolved)).containsExactly("mx.test");
        assertThat(resolved.notes()).singleElement().asString().contains("127.0.0.5 is an IP address");
        assertThat(dns.queries()).noneMatch(q -> q.startsWith("127.0.0.5"));
    }

    @Test
    void nullMxIsAPermanentRefusal() {
        dns.add("example.test", "MX", "0 .").add("example.test", "A", "127.0.0.9");

        assertThat(resolver().resolve("example.test")).isInstanceOfSatisfying(Route.PermanentFailure.class,
                f -> assertThat(f.reason()).isEqualTo("example.test does not accept mail (null MX, RFC 7505)"));
        assertThat(dns.queries()).containsExactly("example.test MX");
    }

    @Test
    void aNullMxBesideOtherMxRecordsIsIgnored() {
        dns.add("example.test", "MX", "0 .").add("example.test", "MX", "10 mx.test.").add("mx.test", "A", "127.0.0.1");

        Route.Resolved resolved = (Route.Resolved) resolver().resolve("example.test");

        assertThat(hosts(resolved)).containsExactly("mx.test");
        assertThat(resolved.notes()).singleElement().asString().contains("ignored");
    }

    @Test
    void nxdomainIsPermanent() {
        assertThat(resolver().resolve("nowhere.test")).isEqualTo(
                new Route.PermanentFailure("nowhere.test", "nowhere.test: no such domain (NXDOMAIN)"));
    }

    @Test
    void servfailIsTemporary() {
        dns.add("example.test", "MX", "10 mx.test.").fail("example.test", "MX", Fault.SERVFAIL);

        Route route = resolver().resolve("example.test");

        assertThat(route).isInstanceOfSatisfying(Route.TemporaryFailure.class,
                f -> assertThat(f.reason()).isEqualTo("MX lookup for example.test failed: server failure (SERVFAIL)"));
        assertThat(((Route.Failure) route).permanent()).isFalse();
    }

    @Test
    void aSilentServerIsATemporaryFailureWithinTheDeadline() {
        dns.add("example.test", "MX", "10 mx.test.").fail("example.test", "*", Fault.SILENT);
        MxResolver resolver = MxResolver.builder().server(dns.address()).timeout(Duration.ofMillis(400)).build();

        long start = System.nanoTime();
        Route route = resolver.resolve("example.test");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(route).isInstanceOf(Route.TemporaryFailure.class);
        assertThat(((Route.Failure) route).reason()).startsWith("MX lookup for example.test failed: ");
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aSilentAddressLookupIsTemporaryWithinTheSameDeadline() {
        dns.add("example.test", "MX", "10 mx.test.").add("mx.test", "A", "127.0.0.1")
                .fail("mx.test", "*", Fault.SILENT);
        MxResolver resolver = MxResolver.builder().server(dns.address()).timeout(Duration.ofMillis(400)).build();

        long start = System.nanoTime();
        Route route = resolver.resolve("example.test");

        assertThat(route).isInstanceOf(Route.TemporaryFailure.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void cnamesAreFollowedForTheDomainAndForMxHosts() {
        dns.add("example.test", "CNAME", "alias.test.").add("alias.test", "MX", "10 mx-alias.test.")
                .add("mx-alias.test", "CNAME", "mx.test.").add("mx.test", "A", "127.0.0.4");

        Route.Resolved resolved = (Route.Resolved) resolver().resolve("example.test");

        assertThat(resolved.exchangers()).singleElement().satisfies(mx -> {
            assertThat(mx.host()).isEqualTo("mx-alias.test");
            assertThat(addresses(mx)).containsExactly("127.0.0.4");
        });
        assertThat(dns.queries()).contains("example.test MX", "alias.test MX", "mx.test A");
    }

    @Test
    void ipv6AndIpv4AddressesAreInterleavedIpv6First() {
        dns.add("example.test", "MX", "10 mx.test.").add("mx.test", "A", "127.0.0.1")
                .add("mx.test", "A", "127.0.0.2").add("mx.test", "AAAA", "::1");

        Route.Resolved resolved = (Route.Resolved) resolver().resolve("example.test");

        assertThat(addresses(resolved.exchangers().getFirst())).containsExactly("0:0:0:0:0:0:0:1", "127.0.0.1", "127.0.0.2");
    }

    @Test
    void anAaaaFailureStillLeavesTheIpv4Addresses() {
        dns.add("example.test", "MX", "10 mx.test.").add("mx.test", "A", "127.0.0.1")
                .fail("mx.test", "AAAA", Fault.SERVFAIL);

        Route.Resolved resolved = (Route.Resolved) resolver().resolve("example.test");

        assertThat(addresses(resolved.exchangers().getFirst())).containsExactly("127.0.0.1");
    }

    @Test
    void idnDomainsAreLookedUpByTheirALabels() {
        dns.add("xn--bcher-kva.test", "MX", "10 mx.test.").add("mx.test", "A", "127.0.0.1");

        Route route = resolver().resolve("Bücher.test");

        assertThat(route.domain()).isEqualTo("xn--bcher-kva.test");
        assertThat(hosts(route)).containsExactly("mx.test");
        assertThat(dns.queries()).startsWith("xn--bcher-kva.test MX");
    }

    @Test
    void domainLiteralsRouteToThemselvesWithoutAnyQuery() {
        Route v4 = resolver().resolve("[127.0.0.1]");
        Route v6 = resolver().resolve("[IPv6:::1]");

        assertThat(addresses(((Route.Resolved) v4).exchangers().getFirst())).containsExactly("127.0.0.1");
        assertThat(addresses(((Route.Resolved) v6).exchangers().getFirst())).containsExactly("0:0:0:0:0:0:0:1");
        assertThat(resolver().resolve("[x-tag:abc]")).isInstanceOf(Route.PermanentFailure.class);
        assertThat(dns.queries()).isEmpty();
    }

    @Test
    void invalidDomainNamesArePermanentWithoutAnyQuery() {
        assertThat(resolver().resolve("a..b")).isInstanceOf(Route.PermanentFailure.class);
        assertThat(resolver().resolve("")).isInstanceOf(Route.PermanentFailure.class);
        assertThat(dns.queries()).isEmpty();
    }

    @Test
    void dnsServerOptionParsing() {
        assertThat(MxResolver.parseServer("127.0.0.1")).isEqualTo(new InetSocketAddress("127.0.0.1", 53));
        assertThat(MxResolver.parseServer("127.0.0.1:5353")).isEqualTo(new InetSocketAddress("127.0.0.1", 5353));
        assertThat(MxResolver.parseServer("[::1]:5300")).isEqualTo(new InetSocketAddress("::1", 5300));
        assertThat(MxResolver.parseServer("[::1]")).isEqualTo(new InetSocketAddress("::1", 53));
        assertThat(MxResolver.parseServer("::1")).isEqualTo(new InetSocketAddress("::1", 53));
        for (String bad : List.of("127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:x", ":53", "[::1", "[::1]x", "")) {
            assertThatThrownBy(() -> MxResolver.parseServer(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static MXRecord mx(int preference, String target) throws Exception {
        return new MXRecord(Name.fromString("example.test."), DClass.IN, 300, preference, Name.fromString(target));
    }

    /** nextInt(bound) returns {@code value}, or bound - 1 when value is negative. */
    private record FixedRandom(int value) implements RandomGenerator {
        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int nextInt(int bound) {
            return value < 0 ? bound - 1 : value;
        }
    }
}
