package dev.pigeon.message;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * One node of a composed message's MIME tree: its own header fields (Content-Type and friends) and
 * a body it writes on demand. Leaves are {@link TextPart} (in memory) and {@link AttachmentPart}
 * (streamed); {@link Multipart} holds parts between boundaries.
 *
 * <p>Every body's size is known before it is written, so a message's SIZE is exact. A
 * {@link Multipart} writes a CRLF after each body, before the next delimiter: RFC 2046 5.1.1 makes
 * that CRLF part of the delimiter, so a text body keeps its own final line break.
 */
sealed interface MimePart permits TextPart, AttachmentPart, Multipart {

    /** This part's MIME header fields, in order. */
    List<HeaderField> fields();

    /** Writes the body (not the header fields). */
    void writeBody(OutputStream out) throws IOException;

    /** The exact number of octets {@link #writeBody} writes. */
    long bodySize();

    /** Whether the body holds octets above 127 (only ever with {@code 8bit} text). */
    boolean eightBit();

    /** Whether {@code text} occurs anywhere in what this part holds in memory (for boundary choice). */
    boolean mentions(String text);

    /** The fields rendered as folded lines, each ending in CRLF. */
    default String renderedFields() {
        StringBuilder out = new StringBuilder();
        for (HeaderField field : fields()) {
            out.append(MimeParameters.render(field));
        }
        return out.toString();
    }
}
