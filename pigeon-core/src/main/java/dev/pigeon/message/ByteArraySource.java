package dev.pigeon.message;

import java.io.IOException;
import java.io.OutputStream;
import java.util.OptionalLong;

/** Content held in memory. The array is owned by this source and never handed out. */
final class ByteArraySource implements MessageSource {
    private final byte[] content;
    private final EightBit eightBit;

    ByteArraySource(byte[] content) {
        this.content = content;
        this.eightBit = scan(content);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        out.write(content);
    }

    @Override
    public OptionalLong size() {
        return OptionalLong.of(content.length);
    }

    /** Counts the CRLFs a prepared message with bare LFs will gain on the wire. */
    @Override
    public OptionalLong wireSize() {
        return size().isEmpty() ? size() : CanonicalSize.of(this);
    }

    @Override
    public EightBit eightBit() {
        return eightBit;
    }

    @Override
    public boolean isRepeatable() {
        return true;
    }

    /** A copy of the content. */
    byte[] toBytes() {
        return content.clone();
    }

    private static EightBit scan(byte[] content) {
        for (byte b : content) {
            if (b < 0) {
                return EightBit.PRESENT;
            }
        }
        return EightBit.ABSENT;
    }

    @Override
    public String toString() {
        return "MessageSource.ofBytes(" + content.length + " bytes)";
    }
}
