package dev.pigeon.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandParserTest {

    private static Command parsed(String line) {
        CommandParser.Result r = CommandParser.parse(line);
        assertThat(r).as(line).isInstanceOf(CommandParser.Result.Parsed.class);
        return ((CommandParser.Result.Parsed) r).command();
    }

    private static String refused(String line) {
        CommandParser.Result r = CommandParser.parse(line);
        assertThat(r).as(line).isInstanceOf(CommandParser.Result.Invalid.class);
        return ((CommandParser.Result.Invalid) r).reply().lines().getFirst();
    }

    @Test
    void verbsAreCaseInsensitive() {
        assertThat(parsed("ehlo client.example")).isEqualTo(new Command.Ehlo("client.example"));
        assertThat(parsed("HeLo client.example")).isEqualTo(new Command.Helo("client.example"));
        assertThat(parsed("data")).isEqualTo(new Command.Data());
        assertThat(parsed("Rset")).isEqualTo(new Command.Rset());
        assertThat(parsed("quit")).isEqualTo(new Command.Quit());
        assertThat(parsed("noop")).isEqualTo(new Command.Noop());
    }

    @Test
    void noopIgnoresItsArgument() {
        assertThat(parsed("NOOP hello there")).isEqualTo(new Command.Noop());
    }

    @Test
    void heloTakesTheFirstWordAndAddressLiterals() {
        assertThat(parsed("EHLO [127.0.0.1]")).isEqualTo(new Command.Ehlo("[127.0.0.1]"));
        assertThat(parsed("HELO a.example extra words")).isEqualTo(new Command.Helo("a.example"));
        assertThat(refused("EHLO")).isEqualTo("501 5.5.4 Syntax: EHLO hostname");
        assertThat(refused("HELO   ")).isEqualTo("501 5.5.4 Syntax: HELO hostname");
    }

    @Test
    void mailFromInEveryAcceptedSpelling() {
        Command.Mail expected = new Command.Mail(new Mailbox("a", "b.example"));
        assertThat(parsed("MAIL FROM:<a@b.example>")).isEqualTo(expected);
        assertThat(parsed("mail from:<a@b.example>")).isEqualTo(expected);
        assertThat(parsed("MAIL FROM: <a@b.example>")).isEqualTo(expected);
        assertThat(parsed("MAIL FROM: a@b.example")).isEqualTo(expected);
        assertThat(parsed("MAIL FROM:a@b.example")).isEqualTo(expected);
    }

    @Test
    void nullReversePath() {
        assertThat(parsed("MAIL FROM:<>")).isEqualTo(new Command.Mail(Mailbox.NULL));
    }

    @Test
    void mailParameters() {
        Command.Mail mail = (Command.Mail) parsed("MAIL FROM:<a@b.example> SIZE=1000  BODY=8BITMIME SMTPUTF8");
        assertThat(mail.parameters()).containsExactly(
                EsmtpParameter.of("SIZE", "1000"), EsmtpParameter.of("BODY", "8BITMIME"), EsmtpParameter.of("SMTPUTF8"));
        Command.Mail bare = (Command.Mail) parsed("MAIL FROM: a@b.example SIZE=5");
        assertThat(bare.parameters()).containsExactly(EsmtpParameter.of("SIZE", "5"));
    }

    @Test
    void quotedLocalPartMayHoldBracketsAndSpaces() {
        Command.Mail mail = (Command.Mail) parsed("MAIL FROM:<\"odd> one\"@b.example> SIZE=1");
        assertThat(mail.reversePath().localPart()).isEqualTo("\"odd> one\"");
        assertThat(mail.parameters()).containsExactly(EsmtpParameter.of("SIZE", "1"));
    }

    @Test
    void sourceRouteIsDropped() {
        assertThat(parsed("RCPT TO:<@relay.example,@other.example:c@d.example>"))
                .isEqualTo(new Command.Rcpt(new Mailbox("c", "d.example")));
    }

    @Test
    void rcptTo() {
        assertThat(parsed("RCPT TO:<c@d.example>")).isEqualTo(new Command.Rcpt(new Mailbox("c", "d.example")));
        assertThat(parsed("rcpt to: c@d.example")).isEqualTo(new Command.Rcpt(new Mailbox("c", "d.example")));
        Command.Rcpt r = (Command.Rcpt) parsed("RCPT TO:<c@d.example> NOTIFY=NEVER");
        assertThat(r.parameters()).containsExactly(EsmtpParameter.of("NOTIFY", "NEVER"));
    }

    @Test
    void badSenderAndRecipientAddresses() {
        assertThat(refused("MAIL FROM:<a@b.example")).isEqualTo("501 5.1.7 Bad sender address syntax");
        assertThat(refused("MAIL FROM:<no-domain>")).isEqualTo("501 5.1.7 Bad sender address syntax");
        assertThat(refused("MAIL FROM:<a@b.example>junk")).isEqualTo("501 5.1.7 Bad sender address syntax");
        assertThat(refused("RCPT TO:<>")).isEqualTo("501 5.1.3 Bad recipient address syntax");
        assertThat(refused("RCPT TO:<postmaster>")).isEqualTo("501 5.1.3 Bad recipient address syntax");
        assertThat(refused("RCPT TO:<a b@c.example>")).isEqualTo("501 5.1.3 Bad recipient address syntax");
    }

    @Test
    void missingKeywordIsASyntaxError() {
        assertThat(refused("MAIL")).isEqualTo("501 5.5.4 Syntax: MAIL FROM:<address>");
        assertThat(refused("MAIL TO:<a@b.example>")).isEqualTo("501 5.5.4 Syntax: MAIL FROM:<address>");
        assertThat(refused("MAIL FROM:")).isEqualTo("501 5.5.4 Syntax: MAIL FROM:<address>");
        assertThat(refused("RCPT <a@b.example>")).isEqualTo("501 5.5.4 Syntax: RCPT TO:<address>");
    }

    @Test
    void badParameterSyntax() {
        assertThat(refused("MAIL FROM:<a@b.example> SIZE=")).isEqualTo("501 5.5.4 Bad parameter syntax");
        assertThat(refused("MAIL FROM:<a@b.example> =x")).isEqualTo("501 5.5.4 Bad parameter syntax");
    }

    @Test
    void argumentsWhereNoneBelong() {
        assertThat(refused("DATA now")).isEqualTo("501 5.5.4 Syntax: DATA takes no argument");
        assertThat(refused("QUIT please")).isEqualTo("501 5.5.4 Syntax: QUIT takes no argument");
    }

    @Test
    void vrfy() {
        assertThat(parsed("VRFY postmaster")).isEqualTo(new Command.Vrfy("postmaster"));
        assertThat(parsed("VRFY John Smith")).isEqualTo(new Command.Vrfy("John"));
        assertThat(refused("VRFY")).isEqualTo("501 5.5.4 Syntax: VRFY address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"EXPN list", "LHLO x", "HELP"})
    void verbsWithoutARecordAreUnknown(String line) {
        Command c = parsed(line);
        assertThat(c).isInstanceOf(Command.Unknown.class);
        assertThat(c.line()).isEqualTo(line);
    }

    @Test
    void starttlsTakesNoArgument() {
        assertThat(parsed("STARTTLS")).isEqualTo(new Command.StartTls());
        assertThat(parsed("starttls")).isEqualTo(new Command.StartTls());
        assertThat(refused("STARTTLS now")).isEqualTo("501 5.5.4 Syntax: STARTTLS takes no argument");
    }

    @Test
    void authWithAndWithoutInitialResponse() {
        assertThat(parsed("AUTH PLAIN")).isEqualTo(new Command.Auth("PLAIN"));
        assertThat(parsed("auth cram-md5")).isEqualTo(new Command.Auth("CRAM-MD5"));
        assertThat(parsed("AUTH PLAIN AGFsaWNlAHNlY3JldA==")).isEqualTo(
                new Command.Auth("PLAIN", java.util.Optional.of("AGFsaWNlAHNlY3JldA==")));
        assertThat(parsed("AUTH PLAIN =")).isEqualTo(new Command.Auth("PLAIN", java.util.Optional.of("=")));
        assertThat(parsed("AUTH  SCRAM-SHA-256   biwsbj1h")).isEqualTo(
                new Command.Auth("SCRAM-SHA-256", java.util.Optional.of("biwsbj1h")));
    }

    @Test
    void authSyntaxErrors() {
        assertThat(refused("AUTH")).isEqualTo("501 5.5.4 Syntax: AUTH mechanism [initial-response]");
        assertThat(refused("AUTH PLAIN a b")).isEqualTo("501 5.5.4 Syntax: AUTH mechanism [initial-response]");
        assertThat(refused("AUTH PL@IN")).isEqualTo("501 5.5.4 Bad mechanism name");
        assertThat(refused("AUTH ABCDEFGHIJKLMNOPQRSTU")).isEqualTo("501 5.5.4 Bad mechanism name");
    }

    @Test
    void authIsMaskedForDisplay() {
        assertThat(parsed("AUTH PLAIN AGFsaWNlAHNlY3JldA==").displayLine()).isEqualTo("AUTH PLAIN ****");
    }

    @Test
    void unknownVerbIsUpperCased() {
        assertThat(parsed("xyzzy plugh")).isEqualTo(new Command.Unknown("XYZZY", "plugh"));
    }

    @Test
    void emptyAndControlCharacters() {
        assertThat(refused("")).isEqualTo("500 5.5.2 Empty command line");
        assertThat(refused("NOOP\u0000")).isEqualTo("500 5.5.2 Control character in command line");
        assertThat(refused("MAIL FROM:<a@b>\rRCPT")).isEqualTo("500 5.5.2 Control character in command line");
    }

    @Test
    void utf8AddressesParse() {
        Command.Rcpt r = (Command.Rcpt) parsed("RCPT TO:<jörg@exämple.de>");
        assertThat(r.forwardPath().address()).isEqualTo("jörg@exämple.de");
        assertThat(List.of(r.verb())).containsExactly("RCPT");
    }
}
