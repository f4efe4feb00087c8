package dev.pigeon.message;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;

/** A file opened afresh on each write and copied through a fixed buffer. */
final class FileSource implements MessageSource {
    private final Path file;

    FileSource(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(out);
        }
    }

    /** The size now; empty when the file cannot be read (writeTo then reports why). */
    @Override
    public OptionalLong size() {
        try {
            return OptionalLong.of(Files.size(file));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** Counts the CRLFs a prepared message with bare LFs will gain on the wire. */
    @Override
    public OptionalLong wireSize() {
        return size().isEmpty() ? size() : CanonicalSize.of(this);
    }

    @Override
    public EightBit eightBit() {
        return EightBit.UNKNOWN;
    }

    @Override
    public boolean isRepeatable() {
        return true;
    }

    @Override
    public String toString() {
        return "MessageSource.ofFile(" + file + ")";
    }
}
