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

    /** Replaces every control character (CR, LF, ESC...) with {@code \xNN}, so the text stays one safe line. */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        if (WireText.firstControl(text) < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(WireText.isControl(c) ? String.format("\\x%02X", (int) c) : String.valueOf(c));
        }
        return out.toString();
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
