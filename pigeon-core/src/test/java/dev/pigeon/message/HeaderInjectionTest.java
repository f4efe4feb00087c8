package dev.pigeon.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.pigeon.protocol.Mailbox;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Nothing a caller passes may end a header line early or smuggle in a field of its own. */
class HeaderInjectionTest {
    private static final Mailbox ANN = Mailbox.parse("ann@example.org");

    @ParameterizedTest
    @ValueSource(strings = {"Hi\r\nBcc: victim@example.com", "Hi\nBcc: x@y", "Hi\rX: y", "Hi\0there", "bell\u0007",
            "del\u007f", "c1\u0085next-line", "\r\n"})
    void controlsInTheSubjectAreRefusedNamingTheField(String subject) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Message.builder().subject(subject))
                .withMessageContaining("Subject")
                .withMessageContaining("control character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v\r\nBcc: victim@example.com", "v\nX: y", "v\rX: y", "v\0", "\u001b[31mred"})
    void controlsInAHeaderValueAreRefusedNamingTheField(String value) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Message.builder().header("X-Note", value))
                .withMessageContaining("X-Note")
                .withMessageContaining("control character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ann\r\nBcc: victim@example.com", "Ann\n", "Ann\r", "Ann\0", "Ann\r\n\t"})
    void controlsInADisplayNameAreRefused(String displayName) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Address.of(displayName, ANN))
                .withMessageContaining("display name");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Address.parse(displayName + " <ann@example.org>"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Bad:Name", "X Bad", "X-Bad\r\nBcc", "X-Bad\n", "X-\0", "Schlüssel", "", " X", "X\t",
            "Subject:"})
    void malformedHeaderNamesAreRefused(String name) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Message.builder().header(name, "value"))
                .withMessageContaining("header name");
    }

    @Test
    void overlongHeaderNamesAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> Message.builder().header("X".repeat(77), "v"));
        assertThat(Message.builder().header("X".repeat(76), "v")).isNotNull();
    }

    @Test
    void aLoneSurrogateIsRefusedRatherThanTurnedIntoAQuestionMark() {
        assertThatIllegalArgumentException().isThrownBy(() -> Message.builder().subject("broken \ud83d here"))
                .withMessageContaining("Subject");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Message.builder().from("ann@example.org").text("broken \udc00").build())
                .withMessageContaining("body");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MIME-Version", "content-type", "Content-Transfer-Encoding"})
    void fieldsThatDescribeTheBodyBelongToTheComposer(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> Message.builder().header(name, "x"))
                .withMessageContaining(name);
    }

    @Test
    void singleInstanceFieldsMayNotBeAddedTwice() {
        MessageBuilder builder = Message.builder().header("Reply-To", "a@example.org");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.header("reply-to", "b@example.org"))
                .withMessageContaining("only once");
    }

    @Test
    void tabsAreAllowedAndNoRefusedInputLeavesATrace() {
        Message message = Message.builder().from("ann@example.org").subject("tab\there").header("X-T", "a\tb").build();
        String text = new String(message.toBytes(), StandardCharsets.US_ASCII);
        assertThat(text).contains("Subject: tab\there\r\n", "X-T: a\tb\r\n").doesNotContain("Bcc");
    }

    @Test
    void theNullPathAndNonAsciiAddressesCannotBeHeaderAddresses() {
        assertThatIllegalArgumentException().isThrownBy(() -> Address.of(Mailbox.NULL));
        assertThatIllegalArgumentException().isThrownBy(() -> Address.parse("jürgen@example.de"))
                .withMessageContaining("non-ASCII");
    }
}
