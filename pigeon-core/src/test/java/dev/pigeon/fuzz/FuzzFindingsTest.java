package dev.pigeon.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pigeon.message.Message;
import dev.pigeon.protocol.Command;
import dev.pigeon.protocol.CommandParser;
import dev.pigeon.protocol.CommandParser.Result;
import dev.pigeon.protocol.InvalidAddressException;
import dev.pigeon.protocol.Mailbox;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * What the fuzzers found, kept as regression tests.
 *
 * <p><b>Fold right after a backslash</b> (MessageBuilderFuzzTest): the composer folded a header
 * line right after a {@code \}; RFC 5322 unfolding restores it, but Jakarta Mail's unfold keeps a
 * backslash-CRLF as an escaped line break. Fixed in {@code Folding}: never a fold point after a
 * backslash.
 *
 * <p><b>Quote or '>' in an address literal</b> (CommandParserFuzzTest): {@link Mailbox} accepted
 * general address literals holding {@code "} or {@code >} (the grammar allows them), which the
 * server's parser then read as a quoted local part or the end of the path. Fixed in
 * {@code AddressLiteral}: such literals are refused, so client and server agree.
 */
class FuzzFindingsTest {

    /** Whether the header section holds a fold right after a backslash ({@code \} CRLF WSP). */
    static boolean foldsRightAfterBackslash(byte[] message) {
        String text = new String(message, StandardCharsets.US_ASCII);
        int headerEnd = text.indexOf("\r\n\r\n");
        String header = headerEnd < 0 ? text : text.substring(0, headerEnd + 2);
        return header.contains("\\\r\n ") || header.contains("\\\r\n\t");
    }

    @Test
    void subjectWithBackslashAtTheFoldPointReadsBackUnchanged() throws MessagingException, IOException {
        String subject = "a".repeat(67) + "\\ b";
        Message message = Message.builder().from("ann@example.org").subject(subject).build();

        MimeMessage parsed = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(message.toBytes()));

        assertThat(parsed.getSubject()).isEqualTo(subject);
    }

    @Test
    void fuzzerReproducerPassesTheComposeProperties() throws Exception {
        byte[] input;
        try (InputStream in = FuzzFindingsTest.class.getResourceAsStream(
                "findings/MessageBuilderFuzzTest-compose-fold-after-backslash")) {
            input = in.readAllBytes();
        }
        MessageBuilderFuzzTest.check(input);
    }

    /** Whether a MAIL or RCPT path has an address literal holding '"' or '>' (now refused). */
    static boolean pathHasQuoteOrBracketInAnAddressLiteral(Command command) {
        Mailbox path = switch (command) {
            case Command.Mail mail -> mail.reversePath();
            case Command.Rcpt rcpt -> rcpt.forwardPath();
            default -> null;
        };
        return path != null && path.domain().startsWith("[")
                && (path.domain().contains("\"") || path.domain().contains(">"));
    }

    @Test
    void addressLiteralsWithAQuoteOrAngleBracketAreRefused() {
        assertThatThrownBy(() -> Mailbox.parse("bo@[x:\"y]")).isInstanceOf(InvalidAddressException.class);
        assertThatThrownBy(() -> Mailbox.parse("bo@[x:y>z]")).isInstanceOf(InvalidAddressException.class);
        assertThat(CommandParser.parse("RCPT TO:<bo@[x:\"y]>")).isInstanceOf(Result.Invalid.class);
    }

    @Test
    void fuzzerReproducerOfTheAddressLiteralFindingRoundTrips() {
        // RCPT TO:bo@[FROM:<!"TIPv6:2001:db8::1] N=E, found by the fuzzer
        Result first = CommandParser.parse("RCPT TO:bo@[FROM:<!\"TIPv6:2001:db8::1] N=E");
        assertThat(first).isInstanceOf(Result.Invalid.class);
    }
}
