package dev.pigeon.message;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.OptionalLong;

/**
 * A composed RFC 5322 message: immutable, held in memory, 7-bit ASCII with CRLF line endings.
 * Build one with {@link #builder()}; send it as any other {@link MessageSource} (it is
 * repeatable).
 */
public final class Message implements MessageSource {
    private final List<HeaderField> headers;
    private final String messageId;
    private final ByteArraySource content;

    Message(List<HeaderField> headers, String messageId, byte[] content) {
        this.headers = List.copyOf(headers);
        this.messageId = messageId;
        this.content = new ByteArraySource(content);
    }

    /** A new builder; see {@link MessageBuilder} for the rules it follows. */
    public static MessageBuilder builder() {
        return new MessageBuilder();
    }

    /** The header fields in the order written, with their values as text (before encoding). */
    public List<HeaderField> headers() {
        return headers;
    }

    /** The Message-ID as written, in angle brackets: {@code <id@domain>}. */
    public String messageId() {
        return messageId;
    }

    /** The whole message, headers and body, as it goes on the wire (before dot-stuffing). */
    public byte[] toBytes() {
        return content.toBytes();
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        content.writeTo(out);
    }

    @Override
    public OptionalLong size() {
        return content.size();
    }

    /** Always {@link EightBit#ABSENT}: non-ASCII text is encoded, never sent as 8-bit. */
    @Override
    public EightBit eightBit() {
        return content.eightBit();
    }

    @Override
    public boolean isRepeatable() {
        return true;
    }

    @Override
    public String toString() {
        return "Message(" + messageId + ", " + content.size().orElse(0) + " bytes)";
    }
}
