package dev.pigeon.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MailboxParserTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("user@example.com", "user", "example.com"),
                Arguments.of("<user@example.com>", "user", "example.com"),
                Arguments.of("  <user@example.com>\t", "user", "example.com"),
                Arguments.of("first.last+tag@sub.Example.co.uk", "first.last+tag", "sub.Example.co.uk"),
                Arguments.of("!#$%&'*+-/=?^_`{|}~@example.com", "!#$%&'*+-/=?^_`{|}~", "example.com"),
                Arguments.of("\"john doe\"@example.com", "\"john doe\"", "example.com"),
                Arguments.of("\"a\\\"b\\\\c\"@example.com", "\"a\\\"b\\\\c\"", "example.com"),
                Arguments.of("\"a@b\"@example.com", "\"a@b\"", "example.com"),
                Arguments.of("\"(x).<y>\"@example.com", "\"(x).<y>\"", "example.com"),
                Arguments.of("\"\"@example.com", "\"\"", "example.com"),
                Arguments.of("postmaster@localhost", "postmaster", "localhost"),
                Arguments.of("u@x-1.a2", "u", "x-1.a2"),
                Arguments.of("u@[192.0.2.1]", "u", "[192.0.2.1]"),
                Arguments.of("u@[0.0.0.0]", "u", "[0.0.0.0]"),
                Arguments.of("u@[IPv6:2001:db8::1]", "u", "[IPv6:2001:db8::1]"),
                Arguments.of("u@[IPv6:::1]", "u", "[IPv6:::1]"),
                Arguments.of("u@[IPv6:::]", "u", "[IPv6:::]"),
                Arguments.of("u@[ipv6:1:2:3:4:5:6:7:8]", "u", "[ipv6:1:2:3:4:5:6:7:8]"),
                Arguments.of("u@[IPv6:::ffff:192.0.2.1]", "u", "[IPv6:::ffff:192.0.2.1]"),
                Arguments.of("u@[IPv6:1:2:3:4:5:6:192.0.2.1]", "u", "[IPv6:1:2:3:4:5:6:192.0.2.1]"),
                Arguments.of("u@[IPv6:1:2:3::6:7:8]", "u", "[IPv6:1:2:3::6:7:8]"),
                Arguments.of("u@[x-tag:some/content]", "u", "[x-tag:some/content]"),
                Arguments.of("用户@例子.广告", "用户", "例子.广告"),
                Arguments.of("jöran@bücher.example", "jöran", "bücher.example"),
                Arguments.of("\"jö ran\"@example.com", "\"jö ran\"", "example.com"),
                Arguments.of("emoji\uD83D\uDE00@example.com", "emoji\uD83D\uDE00", "example.com"));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void parsesValidAddressesKeepingThemAsWritten(String text, String local, String domain) {
        Mailbox m = Mailbox.parse(text);
        assertThat(m.localPart()).isEqualTo(local);
        assertThat(m.domain()).isEqualTo(domain);
        assertThat(m.isNull()).isFalse();
        assertThat(m.toPath()).isEqualTo("<" + local + "@" + domain + ">");
        assertThat(Mailbox.parse(m.toPath())).isEqualTo(m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<>", " <> "})
    void parsesTheNullPath(String text) {
        assertThat(Mailbox.parse(text)).isEqualTo(Mailbox.NULL);
        assertThat(Mailbox.NULL.isNull()).isTrue();
        assertThat(Mailbox.NULL.toPath()).isEqualTo("<>");
        assertThat(Mailbox.NULL.toString()).isEqualTo("<>");
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("a", "address has no domain"),
                Arguments.of("a@", "address has no domain"),
                Arguments.of("<a@>", "address has no domain"),
                Arguments.of("\"a\"", "address has no domain"),
                Arguments.of("@example.com", "address has no local part"),
                Arguments.of("", "address is empty"),
                Arguments.of("   ", "address is empty"),
                Arguments.of("<a@b.c", "unbalanced angle brackets"),
                Arguments.of("a@b.c>", "unbalanced angle brackets"),
                Arguments.of("<", "unbalanced angle brackets"),
                Arguments.of("<<a@b.c>>", "unbalanced angle brackets"),
                Arguments.of("a@<b.c>", "unbalanced angle brackets"),
                Arguments.of("<@relay.example:user@example.com>", "source routes"),
                Arguments.of("<@a.example,@b.example:user@example.com>", "source routes"),
                Arguments.of("a b@example.com", "whitespace in address"),
                Arguments.of("ab@exa mple.com", "whitespace in address"),
                Arguments.of("<a@b.c> SIZE=100", "whitespace in address"),
                Arguments.of("a\u00A0b@example.com", "whitespace in address"),
                Arguments.of("a\u2028b@example.com", "whitespace in address"),
                Arguments.of("\"a\u2003b\"@example.com", "whitespace other than space"),
                Arguments.of("a\r\n@example.com", "control character in address (CR at position 1)"),
                Arguments.of("a@example.com\r\nRCPT TO:<x@y.z>", "control character in address (CR"),
                Arguments.of("a\u0000@example.com", "control character in address (NUL"),
                Arguments.of("a@b.c\u001B[31m", "control character in address (\\x1B"),
                Arguments.of("a\t@example.com", "control character in address (TAB"),
                Arguments.of("a@b\u0085.c", "control character in address (\\x85"),
                Arguments.of("a\u007F@b.c", "control character in address (\\x7F"),
                Arguments.of("\"a\rb\"@example.com", "control character in address (CR"),
                Arguments.of("a\uD800@example.com", "lone surrogate"),
                Arguments.of(".a@example.com", "local part starts with a dot"),
                Arguments.of("a.@example.com", "local part ends with a dot"),
                Arguments.of("a..b@example.com", "local part has two dots in a row"),
                Arguments.of("a(c)@example.com", "character '(' not allowed in an unquoted local part"),
                Arguments.of("a\\b@example.com", "character '\\' not allowed in an unquoted local part"),
                Arguments.of("\"abc@example.com", "no closing quote"),
                Arguments.of("\"a\"b@example.com", "unexpected text after the quoted local part"),
                Arguments.of("a@b@example.com", "character '@' not allowed in a domain"),
                Arguments.of("a@-b.example", "starts or ends with a hyphen"),
                Arguments.of("a@b-.example", "starts or ends with a hyphen"),
                Arguments.of("a@.example.com", "domain starts with a dot"),
                Arguments.of("a@example.com.", "domain ends with a dot"),
                Arguments.of("a@example..com", "domain has two dots in a row"),
                Arguments.of("a@b_c.example", "character '_' not allowed in a domain"),
                Arguments.of("a@192.0.2.1", "must be written as an address literal: [192.0.2.1]"),
                Arguments.of("a@[192.0.2]", "not a valid IPv4 address literal"),
                Arguments.of("a@[256.0.0.1]", "not a valid IPv4 address literal"),
                Arguments.of("a@[1.2.3.4.5]", "not a valid IPv4 address literal"),
                Arguments.of("a@[1.2.3.-4]", "not a valid IPv4 address literal"),
                Arguments.of("a@[1.2.3.4", "unbalanced square brackets"),
                Arguments.of("a@1.2.3.4]", "unbalanced square brackets"),
                Arguments.of("a@[[1.2.3.4]]", "unbalanced square brackets"),
                Arguments.of("a@[]", "empty address literal"),
                Arguments.of("a@[IPv6:1::2::3]", "not a valid IPv6 address literal"),
                Arguments.of("a@[IPv6:12345::1]", "not a valid IPv6 address literal"),
                Arguments.of("a@[IPv6:1:2:3:4:5:6:7]", "not a valid IPv6 address literal"),
                Arguments.of("a@[IPv6:1:2:3:4:5:6:7:8:9]", "not a valid IPv6 address literal"),
                Arguments.of("a@[IPv6:1:2:3:4:5:6:7::]", "not a valid IPv6 address literal"),
                Arguments.of("a@[IPv6:g::1]", "not a valid IPv6 address literal"),
                Arguments.of("a@[IPv6:1.2.3.4::1]", "not a valid IPv6 address literal"),
                Arguments.of("a@[IPv6:1:2:3:4:5:6:7:1.2.3.4]", "not a valid IPv6 address literal"),
                Arguments.of("a@[IPv6:]", "not a valid IPv6 address literal"),
                Arguments.of("a@[:x]", "malformed tag"),
                Arguments.of("a@[tag-:x]", "malformed tag"),
                Arguments.of("a@[tag:]", "nothing after its tag"),
                Arguments.of("a@[tag:a\\b]", "not allowed in an address literal"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejectsWithAMessageThatSaysWhy(String text, String why) {
        assertThatThrownBy(() -> Mailbox.parse(text))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining(why);
    }

    @Test
    void nullTextIsRejected() {
        assertThatThrownBy(() -> Mailbox.parse(null)).isInstanceOf(InvalidAddressException.class);
    }

    @Test
    void localPartLimitIs64Octets() {
        String local64 = "a".repeat(64);
        assertThat(Mailbox.parse(local64 + "@example.com").localPart()).isEqualTo(local64);
        assertThatThrownBy(() -> Mailbox.parse("a".repeat(65) + "@example.com"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("local part longer than 64 octets");
        // 33 characters, 66 UTF-8 octets
        assertThatThrownBy(() -> Mailbox.parse("é".repeat(33) + "@example.com"))
                .hasMessageContaining("local part longer than 64 octets (66)");
        assertThatThrownBy(() -> Mailbox.parse("\"" + " ".repeat(63) + "\"@example.com"))
                .hasMessageContaining("local part longer than 64 octets");
    }

    @Test
    void labelLimitIs63Octets() {
        String label63 = "b".repeat(63);
        assertThat(Mailbox.parse("a@" + label63 + ".example").domain()).isEqualTo(label63 + ".example");
        assertThatThrownBy(() -> Mailbox.parse("a@" + "b".repeat(64) + ".example"))
                .hasMessageContaining("domain label longer than 63 octets");
        assertThatThrownBy(() -> Mailbox.parse("a@" + "ü".repeat(32) + ".example"))
                .hasMessageContaining("domain label longer than 63 octets");
    }

    @Test
    void domainLimitIs255Octets() {
        String c63 = "c".repeat(63);
        String domain256 = String.join(".", c63, c63, c63, "c".repeat(62), "c");
        assertThat(domain256).hasSize(256);
        assertThatThrownBy(() -> Mailbox.parse("a@" + domain256))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("domain longer than 255 octets");
    }

    @Test
    void wholePathLimitIs256Octets() {
        String local = "a".repeat(64);
        String domain189 = "d".repeat(63) + "." + "d".repeat(63) + "." + "d".repeat(61);
        assertThat(domain189).hasSize(189);
        Mailbox longest = Mailbox.parse(local + "@" + domain189);
        assertThat(longest.toPath()).hasSize(256);
        assertThatThrownBy(() -> Mailbox.parse(local + "@" + domain189 + "d"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("path longer than 256 octets (257)");
    }

    @Test
    void theRecordConstructorValidatesToo() {
        assertThat(new Mailbox("user", "example.com").toPath()).isEqualTo("<user@example.com>");
        assertThatThrownBy(() -> new Mailbox("a> SIZE=1", "example.com"))
                .isInstanceOf(InvalidAddressException.class);
        assertThatThrownBy(() -> new Mailbox("a b", "example.com"))
                .hasMessageContaining("whitespace in address");
        assertThatThrownBy(() -> new Mailbox("a", "example.com> NOTIFY=NEVER"))
                .isInstanceOf(InvalidAddressException.class);
        assertThatThrownBy(() -> new Mailbox("a", "")).hasMessageContaining("address has no domain");
        assertThatThrownBy(() -> new Mailbox("", "example.com")).hasMessageContaining("address has no local part");
        assertThatThrownBy(() -> new Mailbox("a\n", "example.com")).hasMessageContaining("control character");
    }

    @Test
    void textForms() {
        Mailbox m = Mailbox.parse("<\"a b\"@example.com>");
        assertThat(m.address()).isEqualTo("\"a b\"@example.com");
        assertThat(m.toString()).isEqualTo("\"a b\"@example.com");
        assertThat(Mailbox.NULL.address()).isEmpty();
    }
}
