package dev.pigeon.cli;

import dev.pigeon.protocol.Mailbox;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The From and Date fields {@code pigeon sendmail} adds when a message lacks them (RFC 5322
 * requires both; msmtp and Postfix add them too). Nothing else of the message is changed.
 */
final class MissingHeaders {
    private static final DateTimeFormatter RFC_5322_DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.ENGLISH);

    private MissingHeaders() {}

    /** The lines to add (without line endings). */
    static List<String> forMessage(MessageHeaders headers, Mailbox sender, String fullName, ZonedDateTime now) {
        List<String> added = new ArrayList<>();
        if (!headers.has("From") && !sender.isNull()) {
            added.add("From: " + fromValue(sender, fullName));
        }
        if (!headers.has("Date")) {
            added.add("Date: " + RFC_5322_DATE.format(now));
        }
        return added;
    }

    /** {@code a@b}, {@code "Full Name" <a@b>}, or an RFC 2047 encoded name for non-ASCII text. */
    static String fromValue(Mailbox sender, String fullName) {
        if (fullName == null || fullName.isBlank()) {
            return sender.address();
        }
        String name = fullName.strip();
        boolean ascii = name.chars().allMatch(c -> c >= 0x20 && c < 0x7F);
        String shown = ascii
                ? "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
                : encodedWords(name);
        return shown + " <" + sender.address() + ">";
    }

    /** {@code =?UTF-8?B?...?=} words of at most 75 characters, split between code points. */
    private static String encodedWords(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String next = chunk + new String(Character.toChars(cp));
            if (Base64.getEncoder().encodeToString(next.getBytes(StandardCharsets.UTF_8)).length() > 75 - 12) {
                words.add(word(chunk.toString()));
                chunk.setLength(0);
            }
            chunk.appendCodePoint(cp);
            i += Character.charCount(cp);
        }
        words.add(word(chunk.toString()));
        return String.join(" ", words);
    }

    private static String word(String text) {
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
    }
}
