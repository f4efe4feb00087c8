package dev.pigeon.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The RFC 4013 section 3 examples, and the prohibited classes. */
class SaslPrepTest {

    @Test
    void rfc4013Examples() {
        assertThat(SaslPrep.prepare("I\u00ADX")).isEqualTo("IX"); // soft hyphen mapped to nothing
        assertThat(SaslPrep.prepare("user")).isEqualTo("user");
        assertThat(SaslPrep.prepare("USER")).isEqualTo("USER"); // case preserved
        assertThat(SaslPrep.prepare("\u00AA")).isEqualTo("a"); // NFKC
        assertThat(SaslPrep.prepare("\u2168")).isEqualTo("IX"); // NFKC
        assertThatThrownBy(() -> SaslPrep.prepare("\u0007")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nonAsciiSpacesBecomeSpaces() {
        assertThat(SaslPrep.prepare("a\u00A0b\u2003c")).isEqualTo("a b c");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\u007Fb", "a\u0085b", "a\u200Eb", "a\uE000b", "a\uFFFDb",
        "a\u2028b", "a\uD800b", "a\uFDD0b"})
    void prohibitedCharactersAreRefused(String s) {
        assertThatThrownBy(() -> SaslPrep.prepare(s)).isInstanceOf(IllegalArgumentException.class);
    }
}
