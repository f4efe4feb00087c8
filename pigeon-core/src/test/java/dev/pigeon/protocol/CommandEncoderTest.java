package dev.pigeon.protocol;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandEncoderTest {

    private static String wire(Command c) {
        return new String(CommandEncoder.encode(c), ISO_8859_1);
    }

    static Stream<Arguments> commands() {
        Mailbox ann = Mailbox.parse("ann@a.example");
        return Stream.of(
                Arguments.of(new Command.Helo("client.example"), "HELO", "HELO client.example\r\n"),
                Arguments.of(new Command.Ehlo("client.example"), "EHLO", "EHLO client.example\r\n"),
                Arguments.of(new Command.Ehlo("[192.0.2.1]"), "EHLO", "EHLO [192.0.2.1]\r\n"),
                Arguments.of(new Command.Mail(ann), "MAIL", "MAIL FROM:<ann@a.example>\r\n"),
                Arguments.of(new Command.Mail(Mailbox.NULL), "MAIL", "MAIL FROM:<>\r\n"),
                Arguments.of(new Command.Mail(ann, List.of(
                                EsmtpParameter.of("SIZE", "1000"),
                                EsmtpParameter.of("BODY", "8BITMIME"),
                                EsmtpParameter.of("SMTPUTF8"))),
                        "MAIL", "MAIL FROM:<ann@a.example> SIZE=1000 BODY=8BITMIME SMTPUTF8\r\n"),
                Arguments.of(new Command.Rcpt(Mailbox.parse("<bob@b.example>")), "RCPT",
                        "RCPT TO:<bob@b.example>\r\n"),
                Arguments.of(new Command.Rcpt(Mailbox.parse("bob@b.example"),
                                List.of(EsmtpParameter.of("NOTIFY", "SUCCESS,FAILURE"))),
                        "RCPT", "RCPT TO:<bob@b.example> NOTIFY=SUCCESS,FAILURE\r\n"),
                Arguments.of(new Command.Rcpt(Mailbox.parse("\"b o b\"@[IPv6:::1]")), "RCPT",
                        "RCPT TO:<\"b o b\"@[IPv6:::1]>\r\n"),
                Arguments.of(new Command.Data(), "DATA", "DATA\r\n"),
                Arguments.of(new Command.Rset(), "RSET", "RSET\r\n"),
                Arguments.of(new Command.Noop(), "NOOP", "NOOP\r\n"),
                Arguments.of(new Command.Quit(), "QUIT", "QUIT\r\n"),
                Arguments.of(new Command.Vrfy("postmaster"), "VRFY", "VRFY postmaster\r\n"),
                Arguments.of(new Command.Unknown("XFOO", "bar baz"), "XFOO", "XFOO bar baz\r\n"),
                Arguments.of(new Command.Unknown("XFOO", ""), "XFOO", "XFOO\r\n"));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void encodesExactBytes(Command command, String verb, String wire) {
        assertThat(command.verb()).isEqualTo(verb);
        assertThat(command.line()).isEqualTo(wire.substring(0, wire.length() - 2));
        assertThat(wire(command)).isEqualTo(wire);
    }

    @Test
    void encodesUtf8() {
        Command mail = new Command.Mail(Mailbox.parse("jöran@bücher.example"), List.of(EsmtpParameter.of("SMTPUTF8")));
        assertThat(CommandEncoder.encode(mail)).isEqualTo("MAIL FROM:<jöran@bücher.example> SMTPUTF8\r\n".getBytes(UTF_8));
        assertThat(CommandEncoder.encode(new Command.Ehlo("例子.example")))
                .isEqualTo("EHLO 例子.example\r\n".getBytes(UTF_8));
    }

    /** CR, LF, NUL, TAB, ESC, DEL and the C1 control NEL (U+0085). */
    static Stream<String> controls() {
        return Stream.of("\r", "\n", "\r\n", "\u0000", "\t", "\u001B", "\u007F", "\u0085", "\u009B");
    }

    @ParameterizedTest
    @MethodSource("controls")
    void refusesControlsInHeloAndEhlo(String control) {
        assertThatThrownBy(() -> new Command.Helo("a" + control + "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control character");
        assertThatThrownBy(() -> new Command.Ehlo("client.example" + control + "RSET"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @MethodSource("controls")
    void refusesControlsInVrfy(String control) {
        assertThatThrownBy(() -> new Command.Vrfy("user" + control))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @MethodSource("controls")
    void refusesControlsInMailboxes(String control) {
        assertThatThrownBy(() -> new Mailbox("a" + control, "b.example"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Mailbox("a", "b.example" + control))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Mailbox.parse("<a@b.example" + control + "RCPT TO:<c@d.example>"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @MethodSource("controls")
    void refusesControlsInEsmtpParameters(String control) {
        assertThatThrownBy(() -> EsmtpParameter.of("SIZE", "10" + control))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EsmtpParameter.of("SIZE" + control))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesMalformedEsmtpParameters() {
        assertThatThrownBy(() -> EsmtpParameter.of("SIZE", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EsmtpParameter.of("SIZE", "1 2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EsmtpParameter.of("SIZE", "a=b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EsmtpParameter.of("-SIZE")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EsmtpParameter.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(EsmtpParameter.of("ENVID", "abc+2Bdef")).hasToString("ENVID=abc+2Bdef");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "two words", " lead"})
    void refusesEmptyOrSpacedArguments(String argument) {
        assertThatThrownBy(() -> new Command.Helo(argument)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Command.Ehlo(argument)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Command.Vrfy(argument)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rcptNeedsAMailbox() {
        assertThatThrownBy(() -> new Command.Rcpt(Mailbox.NULL)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parameterListsAreCopied() {
        List<EsmtpParameter> params = new java.util.ArrayList<>(List.of(EsmtpParameter.of("SMTPUTF8")));
        Command.Mail mail = new Command.Mail(Mailbox.NULL, params);
        params.add(EsmtpParameter.of("SIZE", "1"));
        assertThat(wire(mail)).isEqualTo("MAIL FROM:<> SMTPUTF8\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"X\r\nRSET", "X\nY", "X\u0000"})
    void encoderRefusesLineBreaksAndNulThatSlippedPastARecord(String verb) {
        assertThatThrownBy(() -> CommandEncoder.encode(new Command.Unknown(verb, "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CR, LF or NUL");
        assertThatThrownBy(() -> CommandEncoder.encode(new Command.Unknown("XFOO", verb)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
