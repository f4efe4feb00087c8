package dev.pigeon.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Cuts content into BDAT chunks (RFC 3030) in constant memory: bytes gather in a buffer of
 * {@code chunkSize}; a full buffer goes to the {@link ChunkSink} as soon as more content follows,
 * and {@link #finish()} hands over what is left as the last chunk, so the last chunk is never
 * empty unless the whole content is ({@code BDAT 0 LAST}). Bytes pass as they are: no stuffing, no
 * line-ending changes.
 */
public final class ChunkingOutputStream extends OutputStream {
    /** Takes one chunk; the array is reused after the call returns. */
    @FunctionalInterface
    public interface ChunkSink {
        void chunk(byte[] bytes, int length, boolean last) throws IOException;
    }

    private final ChunkSink sink;
    private final byte[] buffer;
    private int filled;
    private boolean finished;
    private long chunks;

    public ChunkingOutputStream(int chunkSize, ChunkSink sink) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be positive: " + chunkSize);
        }
        this.buffer = new byte[chunkSize];
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * Writes {@code BDAT n [LAST]} CRLF and the chunk's bytes to {@code out}: the framing on the
     * wire.
     */
    public static void frame(OutputStream out, byte[] bytes, int length, boolean last) throws IOException {
        out.write(CommandEncoder.encode(new Command.Bdat(length, last)));
        out.write(bytes, 0, length);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (finished) {
            throw new IOException("content already finished");
        }
        while (len > 0) {
            if (filled == buffer.length) {
                emit(false);
            }
            int n = Math.min(len, buffer.length - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    /** Sends what is buffered as the last chunk. Calling it again does nothing. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        emit(true);
    }

    /** Chunks handed to the sink so far. */
    public long chunks() {
        return chunks;
    }

    @Override
    public void close() throws IOException {
        finish();
    }

    private void emit(boolean last) throws IOException {
        sink.chunk(buffer, filled, last);
        chunks++;
        filled = 0;
    }
}
