package dev.pigeon.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pigeon.protocol.Mailbox;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecipientGroupingTest {
    private static List<Mailbox> mailboxes(String... addresses) {
        return Arrays.stream(addresses).map(Mailbox::parse).toList();
    }

    @Test
    void groupsByDomainIgnoringCaseKeepingOrder() {
        List<DomainGroup> groups = RecipientGrouping.byDomain(
                mailboxes("a@One.test", "b@two.test", "c@ONE.TEST", "d@three.test", "e@two.test"));

        assertThat(groups).extracting(DomainGroup::domain).containsExactly("one.test", "two.test", "three.test");
        assertThat(groups.get(0).recipients()).extracting(Mailbox::address).containsExactly("a@One.test", "c@ONE.TEST");
        assertThat(groups.get(1).recipients()).extracting(Mailbox::address).containsExactly("b@two.test", "e@two.test");
        assertThat(groups.get(2).recipients()).extracting(Mailbox::address).containsExactly("d@three.test");
    }

    @Test
    void anIdnAndItsALabelsAreOneDomain() {
        List<DomainGroup> groups = RecipientGrouping.byDomain(mailboxes("a@bücher.test", "b@XN--BCHER-KVA.test"));

        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g.domain()).isEqualTo("xn--bcher-kva.test");
            assertThat(g.recipients()).hasSize(2);
        });
    }

    @Test
    void domainLiteralsAreTheirOwnGroups() {
        List<DomainGroup> groups = RecipientGrouping.byDomain(
                mailboxes("a@[127.0.0.1]", "b@[IPv6:::1]", "c@[127.0.0.1]"));

        assertThat(groups).extracting(DomainGroup::domain).containsExactly("[127.0.0.1]", "[ipv6:::1]");
        assertThat(groups.getFirst().recipients()).hasSize(2);
    }

    @Test
    void theNullPathIsNotARecipient() {
        assertThatThrownBy(() -> RecipientGrouping.byDomain(List.of(Mailbox.NULL)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
