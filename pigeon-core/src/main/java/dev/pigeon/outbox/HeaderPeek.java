package dev.pigeon.outbox;

import java.nio.charset.StandardCharsets;

/** Finds a message's Message-ID in its header section (the first 64 KiB at most, kept while spooling). */
final class HeaderPeek {
    static final int LIMIT = 64 * 1024;

    private HeaderPeek() {}

    /** The Message-ID in the first {@code length} bytes of a message (kept while it was spooled). */
    static String messageId(byte[] head, int length) {
        String text = new String(head, 0, length, StandardCharsets.ISO_8859_1);
        int end = headerEnd(text);
        String[] lines = text.substring(0, end).split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].regionMatches(true, 0, "Message-ID:", 0, 11)) {
                StringBuilder value = new StringBuilder(lines[i].substring(11));
                while (i + 1 < lines.length && !lines[i + 1].isEmpty()
                        && (lines[i + 1].charAt(0) == ' ' || lines[i + 1].charAt(0) == '\t')) {
                    value.append(lines[++i]);
                }
                return value.toString().strip();
            }
        }
        return "";
    }

    private static int headerEnd(String text) {
        int crlf = text.indexOf("\r\n\r\n");
        int lf = text.indexOf("\n\n");
        int end = crlf < 0 ? lf : lf < 0 ? crlf : Math.min(crlf, lf);
        return end < 0 ? text.length() : end;
    }
}
