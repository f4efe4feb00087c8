package dev.pigeon.message;

import dev.pigeon.protocol.Escaping;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A file (or bytes) to attach to a message, always sent base64-encoded.
 *
 * <p>A file is not read when the attachment is made: only its size is taken, and the composed
 * {@link Message} streams it from disk each time it is written. If the file's size has changed by
 * then, writing fails with an {@link IOException} rather than sending a message whose declared
 * size is wrong.
 *
 * <p>An attachment is either a download ({@code Content-Disposition: attachment}) or, with a
 * Content-ID, an inline part (an image the HTML body shows as {@code <img src="cid:ID">}); the
 * composer puts inline parts in a {@code multipart/related} beside the body. Immutable.
 */
public final class Attachment {
    private static final int MAX_CONTENT_ID = 250;

    private sealed interface Content permits FileContent, BytesContent {
        InputStream open() throws IOException;

        long size();
    }

    private record FileContent(Path file, long size) implements Content {
        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(file);
        }
    }

    private record BytesContent(byte[] bytes) implements Content {
        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public long size() {
            return bytes.length;
        }
    }

    private final Content content;
    private final String fileName;
    private final String contentType;
    private final String contentId;

    private Attachment(Content content, String fileName, String contentType, String contentId) {
        this.content = content;
        this.fileName = fileName;
        this.contentType = contentType;
        this.contentId = contentId;
    }

    /**
     * A file as a download, named by its file name, its type detected from the name's extension
     * (then the platform's probe, then {@code application/octet-stream}).
     *
     * @throws IOException if it is not a readable regular file
     */
    public static Attachment of(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": " + (Files.exists(file) ? "not a regular file" : "no such file"));
        }
        if (!Files.isReadable(file)) {
            throw new IOException(file + ": permission denied");
        }
        String name = file.getFileName().toString();
        return new Attachment(new FileContent(file, Files.size(file)), name, ContentTypes.detect(file), null);
    }

    /** A file shown inline, referenced from the HTML body as {@code cid:contentId}. */
    public static Attachment inline(Path file, String contentId) throws IOException {
        return of(file).asInline(contentId);
    }

    /** Bytes as a download named {@code fileName}, typed by its extension. The array is copied. */
    public static Attachment of(String fileName, byte[] content) {
        Objects.requireNonNull(fileName, "fileName");
        return new Attachment(new BytesContent(content.clone()), fileName, ContentTypes.forFileName(fileName), null);
    }

    /** The same content with another content type, {@code type/subtype} without parameters. */
    public Attachment withContentType(String type) {
        return new Attachment(content, fileName, ContentTypes.checked(Objects.requireNonNull(type, "type")), contentId);
    }

    /** The same content under another file name (any Unicode; encoded per RFC 2231 when needed). */
    public Attachment withFileName(String name) {
        Objects.requireNonNull(name, "name");
        Utf8.encode("attachment file name", name);
        return new Attachment(content, name, contentType, contentId);
    }

    /**
     * The same content as an inline part with this Content-ID: dot-atom text, optionally
     * {@code left@right} as RFC 2045 prefers (angle brackets optional, at most 250 characters).
     */
    public Attachment asInline(String contentId) {
        return new Attachment(content, fileName, contentType, checkedContentId(contentId));
    }

    public String fileName() {
        return fileName;
    }

    public String contentType() {
        return contentType;
    }

    /** The Content-ID without angle brackets, present for inline parts. */
    public Optional<String> contentId() {
        return Optional.ofNullable(contentId);
    }

    public boolean isInline() {
        return contentId != null;
    }

    /** The size in octets, before encoding (for a file: when the attachment was made). */
    public long size() {
        return content.size();
    }

    InputStream open() throws IOException {
        return content.open();
    }

    static String checkedContentId(String id) {
        Objects.requireNonNull(id, "contentId");
        String inner = id.startsWith("<") && id.endsWith(">") && id.length() > 1 ? id.substring(1, id.length() - 1) : id;
        int at = inner.lastIndexOf('@');
        boolean valid = inner.length() <= MAX_CONTENT_ID
                && (at < 0 ? isDotAtom(inner) : isDotAtom(inner.substring(0, at)) && isDotAtom(inner.substring(at + 1)));
        if (!valid) {
            throw new IllegalArgumentException("not a Content-ID (want dot-atom text such as logo.png or"
                    + " part1@example.org, at most " + MAX_CONTENT_ID + " characters): "
                    + Escaping.visible(id));
        }
        return inner;
    }

    private static boolean isDotAtom(String s) {
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return false;
        }
        return s.chars().allMatch(c -> c == '.' || MimeParameters.isAtext(c));
    }

    @Override
    public String toString() {
        return "Attachment(" + fileName + ", " + contentType + ", " + size() + " bytes"
                + (contentId == null ? "" : ", cid:" + contentId) + ")";
    }
}
