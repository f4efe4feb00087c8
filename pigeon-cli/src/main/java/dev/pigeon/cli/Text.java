package dev.pigeon.cli;

import dev.pigeon.protocol.EnhancedStatus;
import dev.pigeon.protocol.Escaping;
import dev.pigeon.protocol.Reply;
import dev.pigeon.protocol.WireText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Making text safe and short enough for one line of output. */
final class Text {
    private Text() {}

    /**
     * Replaces every control character (CR, LF, ESC...) with {@code \xNN} and every hidden format
     * character (a bidi override, a zero-width mark) with {@code \}{@code uNNNN}, so the text stays one
     * safe, readable line.
     */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = WireText.isControl(c);
            if (control || Escaping.isHidden(c)) { // hidden: bidi overrides and the like, which reorder a line
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(control ? String.format("\\x%02X", (int) c) : String.format("\\u%04X", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * A reply as one line, escaped: {@code 550 5.1.1 no such user}; the texts of a multi-line reply
     * are joined by spaces.
     */
    static String reply(Reply reply) {
        List<String> parts = new ArrayList<>();
        for (String line : reply.lines()) {
            String text = line.length() > 4 ? line.substring(4) : "";
            if (!text.isEmpty()) {
                parts.add(Escaping.visible(text));
            }
        }
        return parts.isEmpty() ? Integer.toString(reply.code()) : reply.code() + " " + String.join(" ", parts);
    }

    /**
     * {@link #reply} with the standard meaning of the enhanced status code (RFC 3463) after it:
     * {@code 550 5.1.1 (bad destination mailbox address) no such user}.
     */
    static String explainedReply(Reply reply) {
        String line = reply(reply);
        Optional<EnhancedStatus> status = reply.enhancedStatus();
        String prefix = reply.code() + " " + status.map(EnhancedStatus::toString).orElse("");
        if (status.isEmpty() || !line.startsWith(prefix)) {
            return line;
        }
        return prefix + " (" + status.get().meaning() + ")" + line.substring(prefix.length());
    }

    /** Rejects a control character in a command-line argument: it would end a line on the wire. */
    static String requireNoControls(String what, String value) {
        int bad = WireText.firstControl(value);
        if (bad >= 0) {
            throw Failure.usage(what + " contains a control character (" + describe(value.charAt(bad))
                    + "), which could inject mail headers or SMTP commands; nothing was sent");
        }
        return value;
    }

    private static String describe(char c) {
        return switch (c) {
            case '\r' -> "CR";
            case '\n' -> "LF";
            case '\t' -> "TAB";
            case 0 -> "NUL";
            default -> String.format("\\x%02X", (int) c);
        };
    }
}
