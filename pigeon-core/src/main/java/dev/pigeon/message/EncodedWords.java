package dev.pigeon.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * RFC 2047 "B" encoded-words in UTF-8: {@code =?UTF-8?B?...?=}.
 *
 * <p>Text is cut between code points, never inside a UTF-8 sequence or a surrogate pair, so
 * every word decodes on its own (RFC 2047 section 5 requires it). Words are at most
 * {@value #MAX_WORD_LENGTH} characters long.
 */
final class EncodedWords {
    static final int MAX_WORD_LENGTH = 75;
    private static final String PREFIX = "=?UTF-8?B?";
    private static final String SUFFIX = "?=";
    /** Enough room for one 4-byte code point: prefix, 8 base64 characters, suffix. */
    static final int MIN_WORD_LENGTH = PREFIX.length() + 8 + SUFFIX.length();

    private EncodedWords() {}

    /**
     * Encodes {@code text} as words to be joined by folding white space (which decoders drop
     * between adjacent encoded-words). The first word is at most {@code firstMax} characters
     * long, so it can share a line with what precedes it; if that leaves too little room it gets
     * the full length and the caller's folding moves it to a line of its own.
     */
    static List<String> encode(String text, int firstMax) {
        List<String> words = new ArrayList<>();
        int max = firstMax >= MIN_WORD_LENGTH ? Math.min(firstMax, MAX_WORD_LENGTH) : MAX_WORD_LENGTH;
        int maxBytes = bytesFitting(max);
        int start = 0;
        int chunkBytes = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int cpBytes = utf8Length(cp);
            if (chunkBytes + cpBytes > maxBytes) {
                words.add(word(text.substring(start, i)));
                start = i;
                chunkBytes = 0;
                maxBytes = bytesFitting(MAX_WORD_LENGTH);
            }
            chunkBytes += cpBytes;
            i += Character.charCount(cp);
        }
        if (start < text.length() || words.isEmpty()) {
            words.add(word(text.substring(start)));
        }
        return words;
    }

    /** Whether a plain word could be mistaken for an encoded-word by a decoder. */
    static boolean looksEncoded(String text) {
        return text.contains("=?");
    }

    private static String word(String chunk) {
        return PREFIX + Base64.getEncoder().encodeToString(chunk.getBytes(StandardCharsets.UTF_8)) + SUFFIX;
    }

    /** Most UTF-8 bytes whose base64 form fits a word of {@code maxLength} characters. */
    private static int bytesFitting(int maxLength) {
        int base64Chars = maxLength - PREFIX.length() - SUFFIX.length();
        return base64Chars / 4 * 3;
    }

    private static int utf8Length(int cp) {
        if (cp < 0x80) {
            return 1;
        }
        if (cp < 0x800) {
            return 2;
        }
        return cp < 0x10000 ? 3 : 4;
    }
}
