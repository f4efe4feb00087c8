package dev.pigeon.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * MIME header fields with parameters ({@code Content-Type}, {@code Content-Disposition}),
 * rendered as folded ASCII lines.
 *
 * <p>A value that is short printable ASCII is written as a quoted string; anything else (non-ASCII,
 * controls, long) per RFC 2231: UTF-8, percent-encoded, split into numbered segments
 * ({@code filename*0*=UTF-8''...; filename*1*=...}) cut between code points, so every line stays
 * short and no byte of the value can end the header.
 */
final class MimeParameters {
    /** Longest value written as a quoted string. */
    private static final int MAX_QUOTED = 60;
    /** Longest encoded segment, so {@code  filename*0*=UTF-8''SEGMENT;} fits in 78 characters. */
    private static final int MAX_SEGMENT = 50;
    private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private MimeParameters() {}

    /** {@code ; name="value"} or its RFC 2231 form, with the leading separator. */
    static String parameter(String name, String value) {
        if (value.length() <= MAX_QUOTED && isPrintableAscii(value)) {
            return "; " + name + "=" + quoted(value);
        }
        StringBuilder out = new StringBuilder();
        List<String> segments = encodedSegments(value);
        if (segments.size() == 1) {
            return "; " + name + "*=UTF-8''" + segments.getFirst();
        }
        for (int i = 0; i < segments.size(); i++) {
            out.append("; ").append(name).append('*').append(i).append("*=")
                    .append(i == 0 ? "UTF-8''" : "").append(segments.get(i));
        }
        return out.toString();
    }

    /** A field {@code Name: value}, folded before parameters, ending in CRLF. */
    static String render(HeaderField field) {
        String prefix = field.name() + ": ";
        return Folding.fold(prefix + field.value(), prefix.length(), Folding.PREFERRED_LINE);
    }

    static boolean isAtext(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }

    private static String quoted(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    /** Percent-encoded UTF-8 in segments of at most MAX_SEGMENT characters, cut between code points. */
    private static List<String> encodedSegments(String value) {
        List<String> segments = new ArrayList<>();
        StringBuilder segment = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int cp = value.codePointAt(i);
            String encoded = encode(new String(Character.toChars(cp)));
            if (segment.length() + encoded.length() > MAX_SEGMENT) {
                segments.add(segment.toString());
                segment.setLength(0);
            }
            segment.append(encoded);
            i += Character.charCount(cp);
        }
        segments.add(segment.toString());
        return segments;
    }

    private static String encode(String codePoint) {
        StringBuilder out = new StringBuilder();
        for (byte b : codePoint.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c > 32 && c < 127 && c != '*' && c != '\'' && c != '%' && TSPECIALS.indexOf(c) < 0) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    private static boolean isPrintableAscii(String value) {
        return value.chars().allMatch(c -> c >= 0x20 && c < 0x7F);
    }
}
