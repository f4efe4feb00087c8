package dev.pigeon.message;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 2047 splitting: bounded words, cut between code points, decoding back exactly. */
class EncodedWordsTest {
    private static final Pattern WORD = Pattern.compile("=\\?UTF-8\\?B\\?([A-Za-z0-9+/=]*)\\?=");

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
    void longSubjectWithEmojiAtEveryOffsetSplitsOnCodePointsAndDecodesBack(int asciiPrefix) throws Exception {
        String subject = "a".repeat(asciiPrefix) + "😀é日🎉".repeat(40) + " end 👍";
        Message message = Message.builder().from("ann@example.org").subject(subject).build();
        List<String> lines = MimeCheck.headerLines(message.toBytes());
        List<String> subjectLines = fieldLines(lines, "Subject");

        assertThat(subjectLines).hasSizeGreaterThan(5)
                .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(76));
        assertThat(subjectLines.subList(1, subjectLines.size())).allSatisfy(l -> assertThat(l).startsWith(" =?UTF-8?B?"));
        StringBuilder decodedWordByWord = new StringBuilder();
        Matcher m = WORD.matcher(String.join("\r\n", subjectLines));
        int words = 0;
        while (m.find()) {
            words++;
            assertThat(m.group().length()).isLessThanOrEqualTo(75);
            byte[] bytes = Base64.getDecoder().decode(m.group(1));
            String decoded = new String(bytes, StandardCharsets.UTF_8);
            // Each word holds whole characters: re-encoding gives the same bytes, no U+FFFD.
            assertThat(decoded).doesNotContain("\uFFFD");
            assertThat(decoded.getBytes(StandardCharsets.UTF_8)).isEqualTo(bytes);
            decodedWordByWord.append(decoded);
        }
        assertThat(words).isEqualTo(subjectLines.size());
        assertThat(decodedWordByWord.toString()).isEqualTo(subject);

        MimeMessage parsed = MimeCheck.parse(message.toBytes());
        assertThat(parsed.getSubject()).isEqualTo(subject);
    }

    @Test
    void wordsUseTheWholeAllowedLengthAndTheFirstSharesTheLineWithTheName() {
        List<String> words = EncodedWords.encode("ü".repeat(100), 76 - "Subject: ".length());
        assertThat(words.get(0).length()).isLessThanOrEqualTo(67);
        assertThat(words.subList(1, words.size() - 1)).allSatisfy(w -> assertThat(w).hasSize(72));
        assertThat(String.join("", words.stream().map(EncodedWordsTest::decode).toList())).isEqualTo("ü".repeat(100));
    }

    @Test
    void aFirstWordWithTooLittleRoomGetsALineOfItsOwn() throws Exception {
        String name = "X-" + "N".repeat(70);
        Message message = Message.builder().from("ann@example.org").header(name, "Grüße").build();
        List<String> lines = fieldLines(MimeCheck.headerLines(message.toBytes()), name);
        assertThat(lines).containsExactly(name + ":", " =?UTF-8?B?R3LDvMOfZQ==?=");
        assertThat(MimeUtility.decodeText(MimeUtility.unfold(MimeCheck.parse(message.toBytes()).getHeader(name)[0])))
                .isEqualTo("Grüße");
    }

    @Test
    void longAsciiSubjectsAreFoldedAtSpacesNotEncoded() throws Exception {
        String subject = "The quick brown fox jumps over the lazy dog, ".repeat(8).strip();
        Message message = Message.builder().from("ann@example.org").subject(subject).build();
        List<String> lines = fieldLines(MimeCheck.headerLines(message.toBytes()), "Subject");
        assertThat(lines).hasSizeGreaterThan(4).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(78));
        assertThat(String.join("", lines)).isEqualTo("Subject: " + subject).doesNotContain("=?");
        assertThat(MimeCheck.parse(message.toBytes()).getSubject()).isEqualTo(subject);
    }

    @Test
    void aLongPlainWordStaysOnTheFieldsFirstLine() {
        String word = "w".repeat(100);
        Message message = Message.builder().from("ann@example.org").subject(word + " tail").build();
        assertThat(fieldLines(MimeCheck.headerLines(message.toBytes()), "Subject"))
                .containsExactly("Subject: " + word, " tail");
    }

    @Test
    void nonAsciiDisplayNamesAreEncodedAndSpecialsQuoted() throws Exception {
        Message message = Message.builder()
                .from(Address.of("Zoë 😀 " + "Ünïcödé".repeat(12), dev.pigeon.protocol.Mailbox.parse("zoe@example.org")))
                .to("\"Smith, John (Sales)\" <john@example.org>", "Mary Ann <mary@example.org>")
                .build();
        List<String> from = fieldLines(MimeCheck.headerLines(message.toBytes()), "From");
        assertThat(from).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(76));
        assertThat(fieldLines(MimeCheck.headerLines(message.toBytes()), "To")).containsExactly(
                "To: \"Smith, John (Sales)\" <john@example.org>, Mary Ann <mary@example.org>");
        jakarta.mail.internet.InternetAddress author =
                (jakarta.mail.internet.InternetAddress) MimeCheck.parse(message.toBytes()).getFrom()[0];
        assertThat(author.getPersonal()).isEqualTo("Zoë 😀 " + "Ünïcödé".repeat(12));
        assertThat(author.getAddress()).isEqualTo("zoe@example.org");
    }

    /** The physical lines of one field: its first line and its continuation lines. */
    static List<String> fieldLines(List<String> headerLines, String name) {
        int first = -1;
        for (int i = 0; i < headerLines.size(); i++) {
            if (headerLines.get(i).startsWith(name + ":")) {
                first = i;
                break;
            }
        }
        assertThat(first).as("field " + name).isNotNegative();
        int end = first + 1;
        while (end < headerLines.size() && (headerLines.get(end).startsWith(" ") || headerLines.get(end).startsWith("\t"))) {
            end++;
        }
        return headerLines.subList(first, end);
    }

    private static String decode(String word) {
        Matcher m = WORD.matcher(word);
        assertThat(m.matches()).isTrue();
        return new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8);
    }
}
