package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.client.RecipientResult;
import dev.pigeon.client.SendResult;
import dev.pigeon.client.SendResult.Outcome;
import dev.pigeon.client.SessionException;
import dev.pigeon.client.Stage;
import dev.pigeon.protocol.Capabilities;
import dev.pigeon.protocol.Mailbox;
import dev.pigeon.protocol.Reply;
import dev.pigeon.protocol.SmtpProtocolException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SendVerdictTest {
    private static final Reply OK = Reply.of(250, "2.1.5 ok");

    private static RecipientResult rcpt(String address, Reply reply) {
        return new RecipientResult(Mailbox.parse(address), reply);
    }

    private static SendResult result(Outcome outcome, Stage stage, Reply refusal, RecipientResult... recipients) {
        return new SendResult(outcome, stage, Optional.ofNullable(refusal), List.of(recipients),
                Optional.empty(), Capabilities.NONE, 0);
    }

    @Test
    void deliveredAndStoppedExitZeroSilently() {
        assertThat(SendVerdict.of(result(Outcome.DELIVERED, Stage.CONTENT, null, rcpt("a@b.c", OK)), false))
                .isEqualTo(new SendVerdict(0, List.of()));
        assertThat(SendVerdict.of(result(Outcome.STOPPED, Stage.MAIL, null), true))
                .isEqualTo(new SendVerdict(0, List.of()));
    }

    @Test
    void partialRefusalNamesEachRefusedRecipient() {
        SendResult r = result(Outcome.PARTIALLY_DELIVERED, Stage.CONTENT, null,
                rcpt("a@b.c", OK), rcpt("x@b.c", Reply.of(550, "5.1.1 no such user")));
        assertThat(SendVerdict.of(r, false))
                .isEqualTo(new SendVerdict(0, List.of("recipient x@b.c refused: 550 5.1.1 (bad destination mailbox address) no such user")));
        SendVerdict strict = SendVerdict.of(r, true);
        assertThat(strict.exitCode()).isEqualTo(ExitCodes.NOUSER);
        assertThat(strict.errors()).first().isEqualTo("recipient x@b.c refused: 550 5.1.1 (bad destination mailbox address) no such user");
    }

    @Test
    void allRefusedIs67UnlessOneRefusalWasTemporary() {
        Reply perm = Reply.of(550, "5.1.1 no");
        Reply temp = Reply.of(450, "4.2.0 later");
        assertThat(SendVerdict.of(result(Outcome.ALL_RECIPIENTS_REFUSED, Stage.RCPT, null,
                rcpt("a@b.c", perm), rcpt("x@b.c", perm)), false).exitCode()).isEqualTo(ExitCodes.NOUSER);
        assertThat(SendVerdict.of(result(Outcome.ALL_RECIPIENTS_REFUSED, Stage.RCPT, null,
                rcpt("a@b.c", perm), rcpt("x@b.c", temp)), false).exitCode()).isEqualTo(ExitCodes.TEMPFAIL);
    }

    @Test
    void refusalsAre69WhenPermanentAnd75WhenTemporary() {
        for (Stage s : List.of(Stage.GREETING, Stage.HELLO, Stage.MAIL, Stage.DATA, Stage.CONTENT)) {
            assertThat(SendVerdict.of(result(Outcome.REFUSED, s, Reply.of(554, "5.7.1 no")), false).exitCode())
                    .as(s.name()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(SendVerdict.of(result(Outcome.REFUSED, s, Reply.of(421, "4.3.2 busy")), false).exitCode())
                    .as(s.name()).isEqualTo(ExitCodes.TEMPFAIL);
        }
        assertThat(SendVerdict.of(result(Outcome.REFUSED, Stage.GREETING, Reply.of(554, "go \u001b away")), false).errors())
                .containsExactly("the server refused the connection: 554 go \\x1B away");
    }

    @Test
    void transportFailuresMapByCause() {
        assertThat(verdict(Stage.CONNECT, new ConnectException("refused"), false)).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(verdict(Stage.CONNECT, new UnknownHostException("nowhere"), false)).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(verdict(Stage.CONNECT, new SocketTimeoutException("slow"), false)).isEqualTo(ExitCodes.TEMPFAIL);
        assertThat(verdict(Stage.MAIL, new SocketTimeoutException("slow"), false)).isEqualTo(ExitCodes.TEMPFAIL);
        assertThat(verdict(Stage.MAIL, new EOFException("gone"), false)).isEqualTo(ExitCodes.TEMPFAIL);
        assertThat(verdict(Stage.RCPT, new IOException("reset"), false)).isEqualTo(ExitCodes.TEMPFAIL);
        assertThat(verdict(Stage.GREETING, new SmtpProtocolException("bad"), false)).isEqualTo(ExitCodes.PROTOCOL);
        assertThat(verdict(Stage.CONTENT, new EOFException("gone"), true)).isEqualTo(ExitCodes.TEMPFAIL);
    }

    @Test
    void possiblyDeliveredSaysSo() {
        SendVerdict v = SendVerdict.of(new SessionException(Stage.CONTENT, "connection lost waiting",
                new EOFException("gone"), true));
        assertThat(v.errors()).singleElement().asString().contains("may or may not have been delivered");
    }

    private static int verdict(Stage stage, IOException cause, boolean possiblyDelivered) {
        return SendVerdict.of(new SessionException(stage, "failed", cause, possiblyDelivered)).exitCode();
    }
}
