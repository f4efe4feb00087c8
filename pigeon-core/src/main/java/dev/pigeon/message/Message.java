package dev.pigeon.message;

import dev.pigeon.protocol.Mailbox;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.OptionalLong;

/**
 * A composed RFC 5322 / MIME message, immutable, with CRLF line endings; 7-bit ASCII unless the
 * builder was told the transport allows 8-bit data. Build one with {@link #builder()}; send it as
 * any other {@link MessageSource}: it is repeatable and its size is exact.
 *
 * <p>The header and text parts are held in memory; attachments are streamed from their files
 * each time the message is written, so a message with a large attachment costs constant memory.
 */
public final class Message implements MessageSource {
    private final List<HeaderField> headers;
    private final String messageId;
    private final byte[] head;
    private final MimePart body;
    private final List<Mailbox> envelopeRecipients;

    Message(List<HeaderField> headers, String messageId, byte[] head, MimePart body, List<Mailbox> envelopeRecipients) {
        this.headers = List.copyOf(headers);
        this.messageId = messageId;
        this.head = head;
        this.body = body;
        this.envelopeRecipients = List.copyOf(envelopeRecipients);
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

    /**
     * Who the message goes to: To, Cc and Bcc as given to the builder, in that order, each
     * mailbox once. Bcc recipients appear here and nowhere in the message's bytes.
     */
    public List<Mailbox> envelopeRecipients() {
        return envelopeRecipients;
    }

    /**
     * The whole message as it goes on the wire (before dot-stuffing), attachments included: meant
     * for small messages and tests, since it reads every attachment into memory.
     *
     * @throws UncheckedIOException if an attachment cannot be read
     */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, size().getAsLong()));
        try {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes the message; attachments are read from disk now, in fixed-size chunks. */
    @Override
    public void writeTo(OutputStream out) throws IOException {
        out.write(head);
        body.writeBody(out);
    }

    /** The exact size (attachments at the size they had when attached). */
    @Override
    public OptionalLong size() {
        return OptionalLong.of(head.length + body.bodySize());
    }

    /** {@link EightBit#PRESENT} only for {@code 8bit} text, which needs {@code allow8bit(true)}. */
    @Override
    public EightBit eightBit() {
        return body.eightBit() ? EightBit.PRESENT : EightBit.ABSENT;
    }

    @Override
    public boolean isRepeatable() {
        return true;
    }

    @Override
    public String toString() {
        return "Message(" + messageId + ", " + size().getAsLong() + " bytes)";
    }
}
