package dev.pigeon.cli;

import dev.pigeon.message.Address;
import dev.pigeon.protocol.Mailbox;
import java.util.ArrayList;
import java.util.List;

/**
 * The mailboxes of an RFC 5322 address list, as in a To, Cc or Bcc field or a sendmail
 * argument: {@code a@b, Ann <c@d>, "Doe, J" <e@f>, team: g@h, i@j;, undisclosed-recipients:;}.
 * Comments in parentheses are dropped; groups give their members. Each element is parsed with
 * {@link Address#parse}, which throws for anything that is not an address.
 */
final class AddressList {
    private AddressList() {}

    /** Every mailbox in {@code text}, in order; throws IllegalArgumentException for a bad element. */
    static List<Mailbox> parse(String text) {
        List<Mailbox> out = new ArrayList<>();
        for (String element : split(withoutComments(text))) {
            String e = element.strip();
            int colon = groupColon(e);
            if (colon >= 0) {
                e = e.substring(colon + 1).strip(); // "team: a@b" -> "a@b"; "undisclosed:" -> ""
            }
            if (!e.isEmpty()) {
                out.add(Address.parse(e).mailbox());
            }
        }
        return out;
    }

    /** Splits at commas (and the semicolons that end groups) outside quotes and angle brackets. */
    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        int angle = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\' && i + 1 < text.length()) {
                current.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angle++;
            } else if (!quoted && c == '>' && angle > 0) {
                angle--;
            } else if (!quoted && angle == 0 && (c == ',' || c == ';')) {
                parts.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        parts.add(current.toString());
        return parts;
    }

    /** The ':' of a group's display name, outside quotes and brackets, or -1. */
    private static int groupColon(String element) {
        boolean quoted = false;
        for (int i = 0; i < element.length(); i++) {
            char c = element.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '<' || c == '@')) {
                return -1;
            } else if (!quoted && c == ':') {
                return i;
            }
        }
        return -1;
    }

    /** Drops (comments), which may nest, outside quoted strings. */
    private static String withoutComments(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && (quoted || depth > 0)) {
                if (depth == 0) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
                continue;
            }
            if (depth == 0 && c == '"') {
                quoted = !quoted;
            }
            if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
