package dev.pigeon.protocol;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Line-ending normalisation without dot-stuffing, for content sent with BDAT (RFC 3030), where no
 * terminator exists to protect: every CRLF, bare LF and bare CR becomes CRLF (also across writes),
 * and {@link #finish()} adds a CRLF when non-empty content did not end with a line ending, so the
 * server gets the same RFC 5322 message DATA would have carried. Dots pass untouched.
 */
public final class CrlfOutputStream extends FilterOutputStream {
    private static final byte[] CRLF = {'\r', '\n'};

    private boolean atLineStart = true;
    private boolean afterCr;
    private boolean finished;
    private long bytesWritten;
    private final byte[] one = new byte[1];

    public CrlfOutputStream(OutputStream out) {
        super(Objects.requireNonNull(out, "out"));
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
        int run = off;
        for (int i = off; i < end; i++) {
            byte c = b[i];
            if (c == '\r') {
                if (i + 1 < end && b[i + 1] == '\n') {
                    i++;
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
                atLineStart = false;
                afterCr = false;
                continue;
            }
            atLineStart = true;
            afterCr = false;
        }
        emit(b, run, end - run);
    }

    /** Adds the missing final CRLF, if any, and flushes; leaves the underlying stream open. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        if (!atLineStart) {
            emit(CRLF, 0, 2);
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            out.close();
        }
    }

    /** Bytes passed on, normalised. */
    public long bytesWritten() {
        return bytesWritten;
    }

    private void emit(byte[] b, int off, int len) throws IOException {
        if (len > 0) {
            out.write(b, off, len);
            bytesWritten += len;
        }
    }
}
