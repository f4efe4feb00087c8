package dev.pigeon.client;

import dev.pigeon.message.MessageSource;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Finding 8-bit bytes (above 0x7F) in content: a scan of a repeatable source before MAIL, and a
 * guard that stops a one-shot stream at its first 8-bit byte, for servers without 8BITMIME.
 */
final class EightBitContent {
    private EightBitContent() {}

    /** Thrown through {@link MessageSource#writeTo} by the guard; the transfer must be abandoned. */
    static final class Found extends IOException {
        private final long offset;

        Found(long offset) {
            super("an 8-bit byte at offset " + offset);
            this.offset = offset;
        }

        long offset() {
            return offset;
        }
    }

    /**
     * Reads a repeatable source once, to the end or to its first 8-bit byte.
     *
     * @throws IOException when the source cannot be read
     */
    static boolean scan(MessageSource source) throws IOException {
        try {
            source.writeTo(new Guard(OutputStream.nullOutputStream()));
            return false;
        } catch (Found found) {
            return true;
        }
    }

    /** The source's content, stopped with {@link Found} at its first 8-bit byte. */
    static MessageSource guarded(MessageSource source) {
        return new MessageSource() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                source.writeTo(new Guard(out));
            }

            @Override
            public java.util.OptionalLong size() {
                return source.size();
            }

            @Override
            public MessageSource.EightBit eightBit() {
                return source.eightBit();
            }

            @Override
            public boolean isRepeatable() {
                return source.isRepeatable();
            }
        };
    }

    /** Passes 7-bit bytes on; throws {@link Found} before passing any byte of a write holding an 8-bit one. */
    static final class Guard extends FilterOutputStream {
        private long seen;

        Guard(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                if (b[i] < 0) {
                    throw new Found(seen + i - off);
                }
            }
            out.write(b, off, len);
            seen += len;
        }
    }
}
