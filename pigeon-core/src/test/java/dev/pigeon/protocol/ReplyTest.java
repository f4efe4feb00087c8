package dev.pigeon.protocol;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyTest {

    @Test
    void predicatesFollowTheFirstDigit() {
        Reply ok = Reply.of(250, "ok");
        Reply goOn = Reply.of(354, "go on");
        Reply later = Reply.of(421, "busy");
        Reply never = Reply.of(550, "no");
        assertThat(ok.isPositive()).isTrue();
        assertThat(ok.isIntermediate() || ok.isTransient() || ok.isPermanent()).isFalse();
        assertThat(goOn.isIntermediate()).isTrue();
        assertThat(goOn.isPositive() || goOn.isTransient() || goOn.isPermanent()).isFalse();
        assertThat(later.isTransient()).isTrue();
        assertThat(later.isPositive() || later.isIntermediate() || later.isPermanent()).isFalse();
        assertThat(never.isPermanent()).isTrue();
        assertThat(never.isPositive() || never.isIntermediate() || never.isTransient()).isFalse();
        assertThat(Reply.of(200).isPositive()).isTrue();
        assertThat(Reply.of(599).isPermanent()).isTrue();
    }

    @Test
    void ofBuildsWireLines() {
        assertThat(Reply.of(250).lines()).containsExactly("250");
        assertThat(Reply.of(250, "only").lines()).containsExactly("250 only");
        assertThat(Reply.of(250, "a.example", "PIPELINING", "8BITMIME").lines())
                .containsExactly("250-a.example", "250-PIPELINING", "250 8BITMIME");
        assertThat(new String(Reply.of(250, "a", "b").toBytes(), ISO_8859_1)).isEqualTo("250-a\r\n250 b\r\n");
        assertThat(new String(Reply.of(221).toBytes(), ISO_8859_1)).isEqualTo("221\r\n");
    }

    @Test
    void utf8TextIsCarriedAsBytesAndDecodedByTexts() {
        Reply r = Reply.of(250, "grüße", "日本");
        assertThat(r.lines().getFirst()).isEqualTo("250-gr\u00C3\u00BC\u00C3\u009Fe");
        assertThat(r.texts()).containsExactly("grüße", "日本");
        assertThat(r.text()).isEqualTo("grüße 日本");
        assertThat(r.toBytes()).startsWith("250-grüße\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void textsAndTextOfLinesWithoutText() {
        Reply r = new Reply(250, List.of("250-", "250-x", "250"));
        assertThat(r.texts()).containsExactly("", "x", "");
        assertThat(r.text()).isEqualTo(" x ");
    }

    @Test
    void enhancedStatusComesFromTheFirstLine() {
        assertThat(Reply.of(550, "5.7.1 relay denied").enhancedStatus()).contains(new EnhancedStatus(5, 7, 1));
        assertThat(Reply.of(250, "ok", "2.0.0 later").enhancedStatus()).isEmpty();
        assertThat(Reply.of(250).enhancedStatus()).isEmpty();
    }

    @Test
    void toStringShowsTheFirstLine() {
        assertThat(Reply.of(250, "ok")).hasToString("250 ok");
        assertThat(Reply.of(250, "a", "b", "c")).hasToString("250-a (+2 lines)");
    }

    @Test
    void linesAreCopied() {
        List<String> lines = new ArrayList<>(List.of("250 ok"));
        Reply r = new Reply(250, lines);
        lines.set(0, "550 no");
        assertThat(r.lines()).containsExactly("250 ok");
        assertThatThrownBy(() -> r.lines().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesMalformedReplies() {
        assertThatThrownBy(() -> Reply.of(199)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Reply.of(600)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Reply(250, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Reply(250, List.of("251 x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Reply(250, List.of("250 a", "250 b")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Reply(250, List.of("250-a", "250-b")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Reply(250, List.of("250x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Reply(250, List.of("250 \u0100"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void replyTextCannotInjectALine() {
        assertThatThrownBy(() -> Reply.of(250, "ok\r\n250 forged"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Reply.of(250, "ok\nx")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Reply.of(250, "ok\rx")).isInstanceOf(IllegalArgumentException.class);
    }
}
