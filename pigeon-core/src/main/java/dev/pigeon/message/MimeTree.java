package dev.pigeon.message;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Arranges a message's parts, each level only when needed:
 * {@code multipart/mixed} (body, then downloads) &gt; {@code multipart/related} (body, then inline
 * parts) &gt; {@code multipart/alternative} (text first, HTML second, as RFC 2046 5.1.4 orders
 * them from plainest to richest) &gt; the text parts.
 */
final class MimeTree {
    private MimeTree() {}

    /**
     * @param text the plain text part; left out when empty and there is HTML
     * @param html the HTML part, or null
     */
    static MimePart of(TextPart text, TextPart html, List<Attachment> attachments, RandomGenerator random) {
        MimePart body = alternative(text, html, random);
        List<MimePart> inline = new ArrayList<>();
        List<MimePart> downloads = new ArrayList<>();
        for (Attachment a : attachments) {
            (a.isInline() ? inline : downloads).add(new AttachmentPart(a));
        }
        if (!inline.isEmpty()) {
            String rootType = body instanceof Multipart m ? "multipart/" + m.subtype() : "text/" + ((TextPart) body).subtype();
            body = Multipart.of("related", "; type=\"" + rootType + "\"", prepend(body, inline), random);
        }
        if (!downloads.isEmpty()) {
            body = Multipart.of("mixed", "", prepend(body, downloads), random);
        }
        return body;
    }

    private static MimePart alternative(TextPart text, TextPart html, RandomGenerator random) {
        if (html == null) {
            return text;
        }
        if (text.body().text().isEmpty()) {
            return html;
        }
        return Multipart.of("alternative", "", List.of(text, html), random);
    }

    private static List<MimePart> prepend(MimePart first, List<MimePart> rest) {
        List<MimePart> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
