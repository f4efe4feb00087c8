package dev.pigeon.cli;

import dev.pigeon.protocol.Escaping;
import dev.pigeon.protocol.Reply;
import dev.pigeon.protocol.WireText;
import java.util.ArrayList;
import java.util.List;

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
