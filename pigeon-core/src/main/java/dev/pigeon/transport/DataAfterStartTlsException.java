package dev.pigeon.transport;

import dev.pigeon.protocol.SmtpProtocolException;

/**
 * The server sent bytes after its 220 to STARTTLS, before the TLS handshake. Reading them would
 * let plaintext (possibly injected by a man in the middle) pass for replies under TLS, so the
 * client stops instead (the CVE-2011-0411 class of flaw, seen from the client).
 */
public final class DataAfterStartTlsException extends SmtpProtocolException {
    private final int bytes;

    public DataAfterStartTlsException(int bytes) {
        super("server sent data after its STARTTLS reply (" + bytes + (bytes == 1 ? " byte" : " bytes")
                + " before the TLS handshake)");
        this.bytes = bytes;
    }

    /** How many bytes had arrived beyond the reply when the client looked. */
    public int bytes() {
        return bytes;
    }
}
