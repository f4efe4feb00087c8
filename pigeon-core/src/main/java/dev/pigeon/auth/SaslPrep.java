package dev.pigeon.auth;

import java.text.Normalizer;

/**
 * An approximation of SASLprep (RFC 4013), the string preparation SCRAM applies to user names
 * and passwords and PLAIN servers apply before comparing.
 *
 * <p>What it does: maps non-ASCII spaces to U+0020 and the "commonly mapped to nothing"
 * characters (soft hyphen, zero-width joiners and spaces, variation selectors, BOM) to nothing,
 * normalises to NFKC, then refuses control characters (C0, DEL, C1), format characters (which
 * covers the bidi and tagging characters), line and paragraph separators, private-use,
 * unpaired surrogates, unassigned code points, non-characters, U+FFF9..U+FFFD and the
 * ideographic description characters.
 *
 * <p>Where it differs from RFC 4013: it uses the JDK's current Unicode tables, not Unicode 3.2
 * (so code points assigned since then are accepted and normalised by today's rules), and it
 * does not apply the bidirectional-text check (RFC 3454 section 6). For ASCII input, by far the
 * usual case, the result is exactly SASLprep's: the string itself, or a refusal for a control.
 */
public final class SaslPrep {
    private SaslPrep() {}

    /**
     * The prepared string.
     *
     * @throws IllegalArgumentException when the string holds a prohibited character
     */
    public static String prepare(String s) {
        if (isPrintableAscii(s)) {
            return s;
        }
        StringBuilder mapped = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (isMappedToNothing(cp)) {
                return;
            }
            mapped.appendCodePoint(Character.getType(cp) == Character.SPACE_SEPARATOR ? ' ' : cp);
        });
        String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
        normalized.codePoints().forEach(cp -> {
            if (isProhibited(cp)) {
                throw new IllegalArgumentException(
                        String.format("SASLprep: prohibited character U+%04X", cp));
            }
        });
        return normalized;
    }

    /** {@link #prepare} or, when it refuses, the string unchanged (for lenient comparisons). */
    static String prepareOrSelf(String s) {
        try {
            return prepare(s);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static boolean isPrintableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private static boolean isMappedToNothing(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x1806 || (cp >= 0x180B && cp <= 0x180D)
                || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060
                || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF;
    }

    private static boolean isProhibited(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.PRIVATE_USE
                || type == Character.SURROGATE
                || type == Character.UNASSIGNED
                || (cp >= 0xFDD0 && cp <= 0xFDEF)
                || (cp & 0xFFFE) == 0xFFFE
                || (cp >= 0xFFF9 && cp <= 0xFFFD)
                || (cp >= 0x2FF0 && cp <= 0x2FFB);
    }
}
