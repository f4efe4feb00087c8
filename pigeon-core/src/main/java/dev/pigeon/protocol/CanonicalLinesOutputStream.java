package dev.pigeon.protocol;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Message content in, canonical lines out: every line ending (CRLF, bare LF, bare CR) becomes
 * CRLF, also when a CR ends one write and its LF starts the next, and {@link #finish()} adds the
 * missing final CRLF of non-empty content, then the subclass's terminator. With dot-stuffing on, a
 * dot at the start of any line is doubled.
 *
 * <p>Memory is constant. Short pieces (a line and the CRLF put in for its bare LF, a doubled dot)
 * are gathered in a small buffer and reach the underlying stream together, so content with bare
 * LF line ends does not cost two writes down the stream chain per line; runs of ordinary bytes at
 * least that long go straight through.
 * {@link #finish()} leaves the underlying stream open; {@link #close()} finishes and closes it.
 */
public abstract sealed class CanonicalLinesOutputStream extends FilterOutputStream
        permits DotStuffingOutputStream, CrlfOutputStream {
    private static final byte[] CRLF = {'\r', '\n'};

    private final boolean stuffDots;
    private final byte[] terminator;
    /** The next content byte starts a line (true before any content). */
    private boolean atLineStart = true;
    /** The last content byte was a CR already written as CRLF: an LF next belongs to it. */
    private boolean afterCr;
    private boolean finished;
    private long bytesWritten;
    private long contentBytes;
    private final byte[] one = new byte[1];
    /** Emitted bytes not yet written to the underlying stream. */
    private final byte[] staged = new byte[8192];
    private int stagedLength;

    CanonicalLinesOutputStream(OutputStream out, boolean stuffDots, byte[] terminator) {
        super(Objects.requireNonNull(out, "out"));
        this.stuffDots = stuffDots;
        this.terminator = terminator.clone();
    }

    @Override
    public void write(int b) throws IOException {
        one[0] = (byte) b;
        write(one, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (finished) {
            throw new IOException("content already finished");
        }
        int end = off + len;
        int run = off; // start of the bytes not yet written
        for (int i = off; i < end; i++) {
            byte c = b[i];
            if (c == '\r') {
                if (i + 1 < end && b[i + 1] == '\n') {
                    i++; // canonical CRLF: stays in the run
                } else {
                    emit(b, run, i + 1 - run);
                    emit(CRLF, 1, 1);
                    run = i + 1;
                    afterCr = true;
                    atLineStart = true;
                    continue;
                }
            } else if (c == '\n') {
                emit(b, run, i - run);
                if (!afterCr) {
                    emit(CRLF, 0, 2);
                }
                run = i + 1;
            } else {
                if (stuffDots && atLineStart && c == '.') {
                    emit(b, run, i + 1 - run);
                    run = i; // the same dot again, as the start of the next run
                }
                atLineStart = false;
                afterCr = false;
                continue;
            }
            atLineStart = true;
            afterCr = false;
        }
        emit(b, run, end - run);
        contentBytes += len;
    }

    /**
     * Ends the content: the missing final CRLF if any, then the terminator; flushes and leaves the
     * underlying stream open. Calling it again does nothing; writing afterwards throws.
     */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        if (!atLineStart) {
            emit(CRLF, 0, 2);
        }
        emit(terminator, 0, terminator.length);
        drain();
        out.flush();
    }

    /** {@link #finish()}, then closes the underlying stream. */
    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            out.close();
        }
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    /** Bytes written to the underlying stream: the wire count, stuffing and terminator included. */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** Content bytes accepted from the caller, before normalising and stuffing. */
    public long contentBytes() {
        return contentBytes;
    }

    private void emit(byte[] b, int off, int len) throws IOException {
        if (len <= 0) {
            return;
        }
        bytesWritten += len;
        if (len >= staged.length) {
            drain();
            out.write(b, off, len);
            return;
        }
        if (stagedLength + len > staged.length) {
            drain();
        }
        System.arraycopy(b, off, staged, stagedLength, len);
        stagedLength += len;
    }

    private void drain() throws IOException {
        if (stagedLength > 0) {
            out.write(staged, 0, stagedLength);
            stagedLength = 0;
        }
    }
}
