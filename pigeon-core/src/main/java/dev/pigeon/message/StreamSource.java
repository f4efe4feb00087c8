package dev.pigeon.message;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/** A stream that can be read once; a second write would silently send an empty message. */
final class StreamSource implements MessageSource {
    private final InputStream in;
    private final AtomicBoolean used = new AtomicBoolean();

    StreamSource(InputStream in) {
        this.in = Objects.requireNonNull(in, "in");
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        if (used.getAndSet(true)) {
            throw new IllegalStateException("a stream message source can be written only once");
        }
        in.transferTo(out);
    }

    @Override
    public OptionalLong size() {
        return OptionalLong.empty();
    }

    @Override
    public EightBit eightBit() {
        return EightBit.UNKNOWN;
    }

    @Override
    public boolean isRepeatable() {
        return false;
    }

    @Override
    public String toString() {
        return "MessageSource.ofStream(" + (used.get() ? "used" : "unused") + ")";
    }
}
