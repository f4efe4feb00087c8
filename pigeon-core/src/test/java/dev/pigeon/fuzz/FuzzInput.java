package dev.pigeon.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Turns the fuzzer's raw bytes into the values a target needs, in a way that keeps committed
 * inputs readable: text is UTF-8 (so a seed file is the text itself), fields are separated by the
 * byte 0xFF (never part of UTF-8), and split sizes come from a seed byte rather than from bytes
 * taken off the end of the input.
 */
final class FuzzInput {
    /** Separates fields; never occurs in UTF-8. */
    static final byte FIELD_SEPARATOR = (byte) 0xFF;
    /** A field starting with this byte is read as raw UTF-16 code units (lone surrogates too). */
    static final byte RAW_UTF16 = (byte) 0xFE;

    private FuzzInput() {}

    /**
     * Text as a user could pass it: UTF-8 (malformed bytes become U+FFFD), or, after a leading
     * 0xFE, any sequence of UTF-16 code units, two bytes each, so lone surrogates are reachable.
     */
    static String text(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == RAW_UTF16) {
            char[] chars = new char[(bytes.length - 1) / 2];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = (char) (((bytes[1 + 2 * i] & 0xFF) << 8) | (bytes[2 + 2 * i] & 0xFF));
            }
            return new String(chars);
        }
        return utf8(bytes);
    }

    /** Text as a server reads it off the wire: UTF-8, malformed bytes as U+FFFD. */
    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The input cut at each 0xFF into exactly {@code count} fields (missing ones empty; the last takes the rest). */
    static List<byte[]> fields(byte[] bytes, int count) {
        List<byte[]> fields = new ArrayList<>(count);
        int start = 0;
        for (int i = 0; i < bytes.length && fields.size() < count - 1; i++) {
            if (bytes[i] == FIELD_SEPARATOR) {
                fields.add(Arrays.copyOfRange(bytes, start, i));
                start = i + 1;
            }
        }
        fields.add(Arrays.copyOfRange(bytes, Math.min(start, bytes.length), bytes.length));
        while (fields.size() < count) {
            fields.add(new byte[0]);
        }
        return fields;
    }

    /** Sizes from 0 to {@code max} for splitting a write or read, chosen by {@code seed}. */
    static int[] splitSizes(int seed, int count, int max) {
        Random random = new Random(seed);
        int[] sizes = new int[count];
        for (int i = 0; i < count; i++) {
            sizes[i] = random.nextInt(max + 1);
        }
        return sizes;
    }
}
