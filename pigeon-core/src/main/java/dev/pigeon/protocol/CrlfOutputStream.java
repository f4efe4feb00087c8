package dev.pigeon.protocol;

import java.io.OutputStream;

/**
 * Line-ending normalisation without dot-stuffing, for content sent with BDAT (RFC 3030), where no
 * terminator exists to protect: canonical CRLF lines and, from {@link #finish()}, the missing final
 * CRLF, so the server gets the same RFC 5322 message DATA would have carried. Dots pass untouched.
 */
public final class CrlfOutputStream extends CanonicalLinesOutputStream {
    public CrlfOutputStream(OutputStream out) {
        super(out, false, new byte[0]);
    }
}
