package dev.pigeon.outbox;

import dev.pigeon.client.Envelope;
import dev.pigeon.protocol.Mailbox;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A spooled message's envelope and delivery history, as the spool's journal records it. Written
 * as {@code key: value} lines (one {@code to:} line per recipient; backslash escapes for line
 * breaks), ending with an {@code end:} line: a record without it was cut short and is refused.
 *
 * @param id          the entry's name in the spool (a content hash, or a parent's id plus a suffix)
 * @param source      where the message came from, for people (a file name, {@code mbox#3}, a CSV row)
 * @param messageId   the Message-ID header, empty when the message has none
 * @param from        the reverse-path
 * @param recipients  the recipients still to deliver to
 * @param routeDomain the recipient domain when routed by MX (all recipients share it), else empty
 * @param size        content bytes as spooled
 * @param eightBit    whether the content holds bytes above 0x7F
 * @param created     when the message entered the spool (for {@code --max-age})
 * @param attempts    attempts made so far
 * @param nextAttempt when a deferred entry may be tried again
 * @param lastReply   the last reply or failure, one line, empty before any attempt
 * @param content     where the content is in the spool's data segments
 */
public record EntryMeta(String id, String source, String messageId, Mailbox from, List<Mailbox> recipients,
                        String routeDomain, long size, boolean eightBit, Instant created, int attempts,
                        Optional<Instant> nextAttempt, String lastReply, ContentRef content) {

    public EntryMeta {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(content, "content");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an entry needs at least one recipient");
        }
    }

    public Envelope envelope() {
        return new Envelope(from, recipients);
    }

    EntryMeta attempted(String reply, Optional<Instant> next) {
        return new EntryMeta(id, source, messageId, from, recipients, routeDomain, size, eightBit, created,
                attempts + 1, next, reply, content);
    }

    /** A new entry for some of this one's recipients, sharing its content and history. */
    EntryMeta child(String childId, List<Mailbox> childRecipients, Optional<Instant> next, String reply) {
        return new EntryMeta(childId, source, messageId, from, childRecipients, routeDomain, size, eightBit, created,
                attempts, next, reply, content);
    }

    byte[] toBytes() {
        StringBuilder sb = new StringBuilder(256);
        line(sb, "id", id);
        line(sb, "source", source);
        line(sb, "message-id", messageId);
        line(sb, "from", from.address());
        for (Mailbox to : recipients) {
            line(sb, "to", to.address());
        }
        line(sb, "route-domain", routeDomain);
        line(sb, "size", Long.toString(size));
        line(sb, "8bit", Boolean.toString(eightBit));
        line(sb, "created", created.toString());
        line(sb, "attempts", Integer.toString(attempts));
        line(sb, "next-attempt", nextAttempt.map(Instant::toString).orElse(""));
        line(sb, "last-reply", lastReply);
        line(sb, "content", content.encode());
        line(sb, "end", "");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static EntryMeta parse(byte[] bytes) {
        String id = null, source = "", messageId = "", from = "", domain = "", created = null, next = "", reply = "";
        String content = null;
        long size = 0;
        boolean eightBit = false;
        int attempts = 0;
        boolean whole = false;
        List<Mailbox> to = new ArrayList<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            int colon = line.indexOf(": ");
            if (colon < 0) {
                continue;
            }
            String value = unescape(line.substring(colon + 2));
            switch (line.substring(0, colon)) {
                case "id" -> id = value;
                case "source" -> source = value;
                case "message-id" -> messageId = value;
                case "from" -> from = value;
                case "to" -> to.add(Mailbox.parse(value));
                case "route-domain" -> domain = value;
                case "size" -> size = Long.parseLong(value);
                case "8bit" -> eightBit = Boolean.parseBoolean(value);
                case "created" -> created = value;
                case "attempts" -> attempts = Integer.parseInt(value);
                case "next-attempt" -> next = value;
                case "last-reply" -> reply = value;
                case "content" -> content = value;
                case "end" -> whole = true;
                default -> { } // a later version's field: ignored
            }
        }
        if (id == null || created == null || content == null || !whole) {
            throw new IllegalArgumentException("not a whole spool metadata record (no id, created, content or end line)");
        }
        Mailbox sender = from.isEmpty() ? Mailbox.NULL : Mailbox.parse(from);
        Optional<Instant> nextAttempt = next.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(next));
        return new EntryMeta(id, source, messageId, sender, to, domain, size, eightBit, Instant.parse(created),
                attempts, nextAttempt, reply, ContentRef.parse(content));
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(key).append(": ");
        if (value.indexOf('\\') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            sb.append(value).append('\n'); // nothing to escape: the common case
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        sb.append('\n');
    }

    private static String unescape(String value) {
        if (value.indexOf('\\') < 0) {
            return value;
        }
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char n = value.charAt(++i);
                sb.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
