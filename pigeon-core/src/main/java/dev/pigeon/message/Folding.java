package dev.pigeon.message;

/**
 * Folds a header field into lines (RFC 5322 section 2.2.3): a CRLF is inserted before a space or
 * tab, so unfolding (removing each CRLF) gives back the exact logical line.
 *
 * <p>Folds only before white space that is followed by a non-blank character, so no line is
 * blank. Lines are kept within the limit where a fold point allows; a run without white space
 * longer than the limit stays whole, and callers encode text whose runs could pass the hard
 * limit of {@value #MAX_LINE} octets.
 */
final class Folding {
    /** RFC 5322 2.1.1: a line is at most 998 characters, CRLF not counted. */
    static final int MAX_LINE = 998;
    /** RFC 5322 2.1.1: lines should be at most 78 characters. */
    static final int PREFERRED_LINE = 78;
    /** RFC 2047 2: lines holding encoded-words are at most 76 characters. */
    static final int ENCODED_LINE = 76;

    private Folding() {}

    /**
     * The folded field, each line ending in CRLF. No fold is made before index {@code foldFrom}:
     * the space after the colon is a fold point only when the caller allows it.
     */
    static String fold(String line, int foldFrom, int limit) {
        StringBuilder out = new StringBuilder(line.length() + 16);
        int lineStart = 0;
        while (line.length() - lineStart > limit) {
            int fold = lastFoldPoint(line, Math.max(lineStart + 1, foldFrom), lineStart + limit);
            if (fold < 0) {
                fold = firstFoldPoint(line, Math.max(lineStart + 1, foldFrom));
            }
            if (fold < 0) {
                break;
            }
            out.append(line, lineStart, fold).append("\r\n");
            lineStart = fold;
        }
        return out.append(line, lineStart, line.length()).append("\r\n").toString();
    }

    /** Longest line of a folded field, CRLF not counted. */
    static int longestLine(String folded) {
        int longest = 0;
        for (String l : folded.split("\r\n")) {
            longest = Math.max(longest, l.length());
        }
        return longest;
    }

    private static int lastFoldPoint(String line, int from, int to) {
        for (int i = Math.min(to, line.length() - 2); i >= from; i--) {
            if (isFoldPoint(line, i)) {
                return i;
            }
        }
        return -1;
    }

    private static int firstFoldPoint(String line, int from) {
        for (int i = from; i < line.length() - 1; i++) {
            if (isFoldPoint(line, i)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A blank followed by a non-blank, unless a backslash precedes it: some readers (Jakarta Mail's
     * unfold among them) treat backslash-CRLF as an escaped line break and keep it.
     */
    private static boolean isFoldPoint(String line, int i) {
        return isBlank(line.charAt(i)) && !isBlank(line.charAt(i + 1)) && (i == 0 || line.charAt(i - 1) != '\\');
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
