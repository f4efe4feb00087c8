package dev.pigeon.message;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Reads composed messages back with Jakarta Mail, an independent MIME parser, and checks lines. */
final class MimeCheck {
    private MimeCheck() {}

    static MimeMessage parse(byte[] message) throws MessagingException {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message));
    }

    /** The single value of a field, unfolded and RFC 2047-decoded. */
    static String decodedHeader(MimeMessage parsed, String name) throws MessagingException, UnsupportedEncodingException {
        String[] values = parsed.getHeader(name);
        assertThat(values).as("occurrences of " + name).hasSize(1);
        return MimeUtility.decodeText(MimeUtility.unfold(values[0]));
    }

    /** The raw header lines, up to the blank line, without CRLF. */
    static List<String> headerLines(byte[] message) {
        List<String> lines = new ArrayList<>();
        for (String line : lines(message)) {
            if (line.isEmpty()) {
                break;
            }
            lines.add(line);
        }
        return lines;
    }

    /** All lines; asserts the message is ASCII, every line ends in CRLF and is at most 998 octets. */
    static List<String> lines(byte[] message) {
        return lines(message, false);
    }

    /**
     * All lines; asserts every line ends in CRLF (no bare CR or LF), is at most 998 octets, and holds
     * no NUL; and that every octet is 7-bit unless {@code eightBitAllowed}.
     */
    static List<String> lines(byte[] message, boolean eightBitAllowed) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        assertThat(text).as("message ends with CRLF").endsWith("\r\n");
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!eightBitAllowed) {
                assertThat((int) c).as("octet at " + i + " is 7-bit").isLessThan(0x80);
            }
            assertThat((int) c).as("octet at " + i + " is not NUL").isNotZero();
            if (c == '\n') {
                assertThat(i).as("LF at " + i + " follows CR").isGreaterThan(start);
                assertThat(text.charAt(i - 1)).as("LF at " + i + " follows CR").isEqualTo('\r');
                lines.add(text.substring(start, i - 1));
                start = i + 1;
            } else if (c == '\r') {
                assertThat(i + 1 < text.length() && text.charAt(i + 1) == '\n').as("CR at " + i + " precedes LF").isTrue();
            }
        }
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(998));
        return lines;
    }
}
