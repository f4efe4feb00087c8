package dev.pigeon.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The session's buffered view of the socket: bounded command lines, and bytes for the DATA
 * decoder, from one buffer so nothing pipelined after DATA is lost.
 *
 * <p>Before it blocks on the socket it runs {@code beforeBlocking} (the session flushes its
 * replies there): replies to a pipelined batch leave together, and a reply is never held back
 * while we wait for the client.
 */
final class SessionInput extends InputStream {

    /** What {@link #readLine} found. */
    sealed interface Line {
        /** A line that ended in CRLF; {@code bytes} without the CRLF. */
        record Complete(byte[] bytes) implements Line {}

        /** A line that ended in a LF without CR; dropped. */
        record BareLf() implements Line {}

        /** A line longer than the limit; read and dropped up to its LF. */
        record TooLong() implements Line {}

        /** The client closed the connection (a partial last line is dropped). */
        record End() implements Line {}
    }

    interface BeforeBlocking {
        void run() throws IOException;
    }

    private final InputStream raw;
    private final BeforeBlocking beforeBlocking;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int end;

    SessionInput(InputStream raw, BeforeBlocking beforeBlocking) {
        this.raw = raw;
        this.beforeBlocking = beforeBlocking;
    }

    /** Reads one line of at most {@code maxLength} bytes including its CRLF; never more in memory. */
    Line readLine(int maxLength) throws IOException {
        byte[] line = new byte[Math.min(maxLength, 256)];
        int n = 0;
        boolean tooLong = false;
        while (true) {
            if (pos == end && !fill()) {
                return new Line.End();
            }
            byte b = buf[pos++];
            if (b == '\n') {
                if (tooLong) {
                    return new Line.TooLong();
                }
                if (n == 0 || line[n - 1] != '\r') {
                    return new Line.BareLf();
                }
                return new Line.Complete(Arrays.copyOf(line, n - 1));
            }
            if (tooLong) {
                continue;
            }
            // n + 1 bytes so far, and a line needs at least a LF more
            if (n + 2 > maxLength) {
                tooLong = true;
                continue;
            }
            if (n == line.length) {
                line = Arrays.copyOf(line, Math.min(maxLength, line.length * 2));
            }
            line[n++] = b;
        }
    }

    @Override
    public int read() throws IOException {
        if (pos == end && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos == end && !fill()) {
            return -1;
        }
        int n = Math.min(len, end - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Bytes already buffered: what can be read without touching the socket. */
    @Override
    public int available() {
        return end - pos;
    }

    /**
     * Drops every byte already read from the socket and not yet consumed, returning how many.
     * STARTTLS calls this before the handshake: whatever a client pipelined after STARTTLS came
     * in plaintext and must never be read as if it had arrived under TLS (CVE-2011-0411).
     */
    int discardBuffered() {
        int dropped = end - pos;
        pos = 0;
        end = 0;
        return dropped;
    }

    private boolean fill() throws IOException {
        beforeBlocking.run();
        int n = raw.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        end = n;
        return true;
    }
}
