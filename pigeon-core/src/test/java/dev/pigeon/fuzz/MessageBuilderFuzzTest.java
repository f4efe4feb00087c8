package dev.pigeon.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pigeon.message.Address;
import dev.pigeon.message.Message;
import dev.pigeon.message.MessageBuilder;
import dev.pigeon.protocol.Mailbox;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;

/**
 * The composer ({@link MessageBuilder}, {@link Message}) with arbitrary subject, display name,
 * header value and body text.
 *
 * <p>Properties: the builder either refuses with {@link IllegalArgumentException} or composes a
 * message whose every line ends in CRLF, is at most 998 octets and 7-bit, with no bare CR or LF
 * and no NUL; Jakarta Mail, an independent parser, reads back the same subject, display name,
 * header value and body text (line breaks made CRLF).
 */
class MessageBuilderFuzzTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    private static final Mailbox AUTHOR = Mailbox.parse("ann@example.org");
    private static final Session SESSION;

    static {
        // Jakarta Mail looks its StreamProvider up through ServiceLoader on every parse unless this
        // names it; the lookup dominated each run (about 500 runs/s instead of thousands).
        System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        SESSION = Session.getInstance(new Properties());
    }

    @BeforeAll
    static void replayOnlyWhenNotFuzzing() {
        RegressionMode.withoutHooksUnlessFuzzing();
    }

    /**
     * The input is six fields separated by 0xFF, each UTF-8 or raw UTF-16 (see {@link FuzzInput}):
     * subject, display name, X-Fuzz value, the name and value of one more field (none when the
     * name is empty), and the body text.
     */
    @FuzzTest
    void compose(byte[] input) throws MessagingException, IOException {
        check(input);
    }

    /** The properties (also replayed for the reproducers in {@link FuzzFindingsTest}). */
    static void check(byte[] input) throws MessagingException, IOException {
        List<String> fields = FuzzInput.fields(input, 6).stream().map(FuzzInput::text).toList();
        String subject = fields.get(0);
        String displayName = fields.get(1);
        String value = fields.get(2);
        String extraName = fields.get(3);
        String extraValue = fields.get(4);
        String text = fields.get(5);

        Message message;
        try {
            MessageBuilder builder = Message.builder()
                    .from(Address.of(displayName, AUTHOR))
                    .to("bob@example.net")
                    .subject(subject)
                    .header("X-Fuzz", value)
                    .text(text)
                    .clock(CLOCK)
                    .random(new Random(1));
            if (!extraName.isEmpty()) {
                builder.header(extraName, extraValue);
            }
            message = builder.build();
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }

        byte[] bytes = message.toBytes();
        checkLines(bytes);
        assertThat(FuzzFindingsTest.foldsRightAfterBackslash(bytes)).as("fold right after a backslash").isFalse();
        MimeMessage parsed = new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
        if (!extraName.equalsIgnoreCase("Subject")) {
            assertThat(parsed.getSubject()).as("subject").isEqualTo(subject);
        }
        if (!extraName.equalsIgnoreCase("X-Fuzz")) {
            assertThat(decoded(parsed, "X-Fuzz")).as("X-Fuzz").isEqualTo(value);
        }
        if (!extraName.equalsIgnoreCase("From")) {
            InternetAddress from = (InternetAddress) parsed.getFrom()[0];
            assertThat(from.getAddress()).isEqualTo(AUTHOR.address());
            assertThat(from.getPersonal() == null ? "" : from.getPersonal()).as("display name").isEqualTo(displayName);
        }
        assertThat(body(parsed)).as("body").isEqualTo(withCrlfLines(text));
    }

    /** The body, transfer-decoded, as UTF-8 (not via getContent(): its DataHandler lookups are slow). */
    private static String body(MimeMessage parsed) throws MessagingException, IOException {
        assertThat(parsed.getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
        try (InputStream in = MimeUtility.decode(parsed.getRawInputStream(), parsed.getEncoding())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String decoded(MimeMessage parsed, String name) throws MessagingException, IOException {
        String[] values = parsed.getHeader(name);
        assertThat(values).as("occurrences of " + name).hasSize(1);
        return MimeUtility.decodeText(MimeUtility.unfold(values[0]));
    }

    /** Every line ends in CRLF and is at most 998 octets; every octet is 7-bit and not NUL. */
    static void checkLines(byte[] message) {
        // Plain checks per octet: an AssertJ assertion per byte would dominate the run time.
        if (message.length == 0 || message[message.length - 1] != '\n') {
            fail("message does not end with a line break");
        }
        int lineStart = 0;
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (b <= 0) {
                fail("octet %d is NUL or 8-bit: 0x%02X", i, b & 0xFF);
            }
            if (b == '\r' && (i + 1 == message.length || message[i + 1] != '\n')) {
                fail("bare CR at %d", i);
            }
            if (b == '\n') {
                if (i == 0 || message[i - 1] != '\r') {
                    fail("bare LF at %d", i);
                }
                if (i - 1 - lineStart > 998) {
                    fail("line at %d is %d octets long", lineStart, i - 1 - lineStart);
                }
                lineStart = i + 1;
            }
        }
    }

    /** The body text as a reader sees it: CRLF line breaks, a final one unless empty. */
    static String withCrlfLines(String text) {
        String crlf = text.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
        return crlf.isEmpty() || crlf.endsWith("\r\n") ? crlf : crlf + "\r\n";
    }
}
