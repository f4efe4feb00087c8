package dev.pigeon.message;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The content of one message: the bytes a client streams after the server's 354 reply to DATA.
 *
 * <p>The bytes are written as they are. Line-ending normalisation and dot-stuffing happen
 * downstream, in {@code DotStuffingOutputStream}, never here.
 *
 * <p>Whether a source can be written more than once is part of each implementation's contract;
 * {@link #isRepeatable()} says so at run time (a client retrying after a transient failure needs
 * to know).
 */
public interface MessageSource {

    /**
     * Writes the whole content to {@code out}. Does not flush or close {@code out}.
     *
     * @throws IllegalStateException if the source is one-shot and was already written
     */
    void writeTo(OutputStream out) throws IOException;

    /** The exact number of bytes {@link #writeTo} will write, when known (for {@code SIZE=}). */
    OptionalLong size();

    /**
     * The bytes on the wire once every line ending is CRLF (RFC 1870 counts those for SIZE), when
     * known. By default {@link #size()}: right for content that already has CRLF lines, and a
     * source whose every read matters (a spool's, say) is never read just to count. Sources of
     * prepared files and byte arrays count their bare line endings.
     */
    default OptionalLong wireSize() {
        return size();
    }

    /** Whether the content holds bytes above 0x7F (for {@code BODY=8BITMIME}), when cheaply known. */
    EightBit eightBit();

    /** Whether {@link #writeTo} may be called again and writes the same bytes. */
    boolean isRepeatable();

    /** Whether content holds octets above 0x7F; {@code UNKNOWN} when finding out would cost a read. */
    enum EightBit {
        /** 7-bit only: every byte is 0x7F or below. */
        ABSENT,
        /** At least one byte above 0x7F. */
        PRESENT,
        /** Not known without reading the content. */
        UNKNOWN
    }

    /** Bytes held in memory; repeatable, size and 8-bit content known. The array is copied. */
    static MessageSource ofBytes(byte[] content) {
        return new ByteArraySource(content.clone());
    }

    /** A string written as UTF-8; repeatable, size and 8-bit content known. */
    static MessageSource ofString(String content) {
        return new ByteArraySource(content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A file streamed from disk in constant memory; repeatable (the file is opened on each
     * write). The size is the file's size when asked; 8-bit content is {@code UNKNOWN}. Nothing is
     * read until {@link #writeTo}, which throws the {@link IOException} if the file cannot be read.
     */
    static MessageSource ofFile(Path file) {
        return new FileSource(file);
    }

    /**
     * A stream written once (standard input, say): size and 8-bit content unknown, a second
     * {@link #writeTo} throws {@link IllegalStateException}. The stream is read to its end but not
     * closed; its owner closes it.
     */
    static MessageSource ofStream(InputStream content) {
        return new StreamSource(content);
    }
}
