package dev.pigeon.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/**
 * The scripted server's reading side: every byte read is recorded before it is parsed, and every
 * read waits against a deadline fixed by the caller, so a silent client cannot hang a script.
 */
final class WireReader {
    private Socket socket;
    private InputStream in;
    private final ByteArrayOutputStream recorded = new ByteArrayOutputStream();
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;

    WireReader(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /**
     * Reads from {@code next} from now on (a TLS socket layered over the old one). Bytes already
     * buffered would be plaintext the client sent ahead of the handshake: refused.
     */
    void switchTo(Socket next) throws IOException {
        if (hasBuffered()) {
            throw new IOException("the client sent " + (limit - pos) + " bytes ahead of the TLS handshake");
        }
        this.socket = next;
        this.in = next.getInputStream();
    }

    /** Everything read from the client so far. */
    synchronized byte[] recorded() {
        return recorded.toByteArray();
    }

    /**
     * The next line, LF included (CRLF normally), or null at end of stream before any byte of it.
     * A partial line at end of stream is returned as it is.
     */
    byte[] readLine(long deadlineNanos) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            if (pos == limit && fill(deadlineNanos) < 0) {
                return line.size() == 0 ? null : line.toByteArray();
            }
            int lf = indexOfLf();
            if (lf >= 0) {
                line.write(buf, pos, lf + 1 - pos);
                pos = lf + 1;
                return line.toByteArray();
            }
            line.write(buf, pos, limit - pos);
            pos = limit;
        }
    }

    /** Reads (and records) up to {@code count} bytes, fewer only at end of stream; returns how many. */
    int readBytes(int count, long deadlineNanos) throws IOException {
        int got = 0;
        while (got < count) {
            if (pos == limit && fill(deadlineNanos) < 0) {
                return got;
            }
            int n = Math.min(count - got, limit - pos);
            pos += n;
            got += n;
        }
        return got;
    }

    /** Reads and records until end of stream; false if the deadline passed first. */
    boolean drain(long deadlineNanos) throws IOException {
        pos = limit;
        while (true) {
            try {
                if (fill(deadlineNanos) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // a reset is also the client going away
            }
            pos = limit;
        }
    }

    /** Whether unread bytes are buffered. */
    boolean hasBuffered() {
        return pos < limit;
    }

    /** Reads what the socket has into the buffer (which must be consumed); -1 at end of stream. */
    int fill(long deadlineNanos) throws IOException {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            throw new SocketTimeoutException("script deadline passed");
        }
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, remaining / 1_000_000)));
        int n;
        try {
            n = in.read(buf, 0, buf.length);
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("script deadline passed");
        }
        if (n > 0) {
            synchronized (this) {
                recorded.write(buf, 0, n);
            }
            pos = 0;
            limit = n;
        }
        return n;
    }

    private int indexOfLf() {
        for (int i = pos; i < limit; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    static boolean isTerminator(byte[] line) {
        return Arrays.equals(line, new byte[] {'.', '\r', '\n'});
    }
}
