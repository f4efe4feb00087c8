package dev.pigeon.protocol;

import java.io.OutputStream;

/**
 * The DATA-phase encoder (RFC 5321 4.5.2): canonical CRLF lines, a dot at the start of any line
 * (the first included) doubled, and {@link #finish()} ending the content with {@code .} CRLF.
 * Empty content gives just {@code .\r\n} (the CRLF ending the DATA command is the first half of the
 * terminator); {@code abc} gives {@code abc\r\n.\r\n}. So the wire carries no bare CR or LF and
 * exactly one end-of-data sequence, at its end.
 */
public final class DotStuffingOutputStream extends CanonicalLinesOutputStream {
    private static final byte[] DOT_CRLF = {'.', '\r', '\n'};

    public DotStuffingOutputStream(OutputStream out) {
        super(out, true, DOT_CRLF);
    }
}
