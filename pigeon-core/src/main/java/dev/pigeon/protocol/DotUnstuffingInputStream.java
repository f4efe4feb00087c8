package dev.pigeon.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The server-side DATA decoder (RFC 5321 4.5.2): reads the wire after 354 and yields the message
 * content, then -1 at the terminating {@code CRLF.CRLF}.
 *
 * <p>The content keeps its CRLF line endings, including the CRLF before the final dot; a dot that
 * starts a line is removed. Strict (RFC 5321 2.3.8): a bare CR or bare LF throws
 * {@link SmtpProtocolException}, so no one can smuggle a second message past a lenient parser
 * with {@code \n.\n}. The underlying stream ending before the terminator throws
 * {@link EOFException}.
 *
 * <p>Never reads past the terminator, because the next command follows it on the same
 * connection: bytes are taken one at a time from {@code in}, which the caller must buffer
 * (a {@code BufferedInputStream} shared with the command reader). {@link #close()} reads and
 * drops any content not yet read, up to the terminator, and does not close {@code in}.
 */
public final class DotUnstuffingInputStream extends InputStream {
    private final InputStream in;
    /** The next wire byte starts a line (true right after the DATA command's CRLF). */
    private boolean atLineStart = true;
    /** A CR was returned and its LF, already read and checked, is owed next. */
    private boolean owesLf;
    private boolean ended;
    private long contentBytes;
    /** Bytes taken from {@code in}. */
    private long wireBytes;

    public DotUnstuffingInputStream(InputStream in) {
        this.in = Objects.requireNonNull(in, "in");
    }

    @Override
    public int read() throws IOException {
        if (ended) {
            return -1;
        }
        if (owesLf) {
            owesLf = false;
            atLineStart = true;
            return deliver('\n');
        }
        int c = next();
        if (atLineStart) {
            atLineStart = false;
            if (c == '.') {
                c = next();
                if (c == '\r') {
                    expectLf();
                    ended = true;
                    return -1;
                }
            }
        }
        if (c == '\r') {
            expectLf();
            owesLf = true;
        } else if (c == '\n') {
            throw new SmtpProtocolException("bare LF in message content (lines must end in CRLF)");
        }
        return deliver(c);
    }

    /**
     * Blocks for the first byte, then goes on while {@code in} has bytes ready. It asks
     * {@code in.available()} once per buffered chunk, not per byte (on a socket that is a system call).
     */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        int n = 0;
        long ready = 0;
        do {
            long before = wireBytes;
            int c = read();
            if (c < 0) {
                return n == 0 ? -1 : n;
            }
            b[off + n++] = (byte) c;
            ready -= wireBytes - before;
            if (ready <= 0 && !owesLf && n < len) {
                ready = in.available();
            }
        } while (n < len && (owesLf || ready > 0));
        return n;
    }

    @Override
    public int available() throws IOException {
        return ended ? 0 : (owesLf ? 1 : 0);
    }

    /** True once the terminator has been read. */
    public boolean isEnded() {
        return ended;
    }

    /** Content bytes decoded so far (after unstuffing), whether read or dropped by {@link #drain()}. */
    public long contentBytes() {
        return contentBytes;
    }

    /** Reads and drops the rest of the content up to and including the terminator. */
    public long drain() throws IOException {
        long skipped = 0;
        while (read() >= 0) {
            skipped++;
        }
        return skipped;
    }

    /** Drains to the terminator, keeping the connection in step; {@code in} stays open. */
    @Override
    public void close() throws IOException {
        drain();
    }

    private int deliver(int c) {
        contentBytes++;
        return c;
    }

    private int next() throws IOException {
        int c = in.read();
        wireBytes++;
        if (c < 0) {
            throw new EOFException("connection ended inside DATA, before the terminating <CRLF>.<CRLF>");
        }
        return c;
    }

    private void expectLf() throws IOException {
        if (next() != '\n') {
            throw new SmtpProtocolException("bare CR in message content (lines must end in CRLF)");
        }
    }
}
