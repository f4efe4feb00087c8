package dev.pigeon.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One SMTP reply: a three-digit code and its lines, exactly as they were on the wire.
 *
 * <p>{@code lines} holds each line without its CRLF, one char per wire byte (ISO-8859-1), so the
 * transcript can show precisely what arrived, escapes and all. A 4xx or 5xx is an ordinary value:
 * callers ask {@link #isPositive()}, {@link #isTransient()} or {@link #isPermanent()}.
 */
public record Reply(int code, List<String> lines) {

    public Reply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code out of range 200-599: " + code);
        }
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
        String prefix = Integer.toString(code);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean last = i == lines.size() - 1;
            if (!line.startsWith(prefix)) {
                throw new IllegalArgumentException("reply line does not start with " + prefix);
            }
            if (!last && (line.length() < 4 || line.charAt(3) != '-')) {
                throw new IllegalArgumentException("only the last line of a reply may omit '-'");
            }
            if (last && line.length() > 3 && line.charAt(3) != ' ') {
                throw new IllegalArgumentException("the last line of a reply needs ' ' after the code");
            }
            for (int c = 0; c < line.length(); c++) {
                char ch = line.charAt(c);
                if (ch == '\r' || ch == '\n' || ch > 0xFF) {
                    throw new IllegalArgumentException("reply line holds CR, LF or a non-byte char");
                }
            }
        }
    }

    /** A reply built by a server: each text becomes one line ({@code 250-a}, {@code 250 b}). */
    public static Reply of(int code, String... texts) {
        if (texts.length == 0) {
            return new Reply(code, List.of(Integer.toString(code)));
        }
        List<String> out = new ArrayList<>(texts.length);
        for (int i = 0; i < texts.length; i++) {
            char sep = i == texts.length - 1 ? ' ' : '-';
            byte[] utf8 = texts[i].getBytes(StandardCharsets.UTF_8);
            out.add(code + "" + sep + new String(utf8, StandardCharsets.ISO_8859_1));
        }
        return new Reply(code, out);
    }

    public boolean isPositive() {
        return code < 300;
    }

    /** 3xx: the server waits for more (354 after DATA, 334 during AUTH). */
    public boolean isIntermediate() {
        return code >= 300 && code < 400;
    }

    public boolean isTransient() {
        return code >= 400 && code < 500;
    }

    public boolean isPermanent() {
        return code >= 500;
    }

    /** The text of each line (after the code and separator), decoded as UTF-8. */
    public List<String> texts() {
        List<String> out = new ArrayList<>(lines.size());
        for (String line : lines) {
            String raw = line.length() > 4 ? line.substring(4) : "";
            out.add(new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** All the text, lines joined by a space: for one-line error messages. */
    public String text() {
        return String.join(" ", texts());
    }

    /** The RFC 3463 status at the start of the first line's text, when the server sent one. */
    public Optional<EnhancedStatus> enhancedStatus() {
        return EnhancedStatus.parseLeading(texts().getFirst());
    }

    /** The reply as wire bytes, each line ending in CRLF. */
    public byte[] toBytes() {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            sb.append(line).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The first line as received, for one-line summaries. */
    @Override
    public String toString() {
        return lines.size() == 1 ? lines.getFirst() : lines.getFirst() + " (+" + (lines.size() - 1) + " lines)";
    }
}
