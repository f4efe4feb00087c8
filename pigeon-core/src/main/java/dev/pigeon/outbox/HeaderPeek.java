package dev.pigeon.outbox;

import java.nio.charset.StandardCharsets;

/** Finds a message's Message-ID in its header section (the first 64 KiB at most, kept while spooling). */
final class HeaderPeek {
    static final int LIMIT = 64 * 1024;

    private HeaderPeek() {}

    /** The Message-ID in the first {@code length} bytes of a message (kept while it was spooled). */
    static String messageId(byte[] head, int length) {
        int at = 0;
        while (at < length) {
            int end = lineEnd(head, at, length);
            if (isBlank(head, at, end)) {
                return ""; // the end of the header section
            }
            if (startsWithIgnoreCase(head, at, end, "Message-ID:")) {
                StringBuilder value = new StringBuilder(text(head, at + 11, end));
                at = next(head, end, length);
                while (at < length && (head[at] == ' ' || head[at] == '\t')) { // folded onto the next lines
                    end = lineEnd(head, at, length);
                    value.append(text(head, at, end));
                    at = next(head, end, length);
                }
                return value.toString().strip();
            }
            at = next(head, end, length);
        }
        return "";
    }

    /** Where the line starting at {@code at} ends: at its CR LF, its LF, or the end of what was kept. */
    private static int lineEnd(byte[] b, int at, int length) {
        int i = at;
        while (i < length && b[i] != '\n') {
            i++;
        }
        return i < length && i > at && b[i - 1] == '\r' ? i - 1 : i;
    }

    /** The start of the line after the one ending at {@code end}. */
    private static int next(byte[] b, int end, int length) {
        int i = end < length && b[end] == '\r' ? end + 1 : end;
        return Math.min(length, i + 1);
    }

    private static boolean isBlank(byte[] b, int at, int end) {
        return end == at;
    }

    private static boolean startsWithIgnoreCase(byte[] b, int at, int end, String prefix) {
        if (end - at < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            int c = b[at + i] & 0xFF;
            if (Character.toLowerCase(c) != Character.toLowerCase(prefix.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
