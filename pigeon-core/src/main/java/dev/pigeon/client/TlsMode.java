package dev.pigeon.client;

/**
 * When a session uses TLS. Whenever it does, the server's certificate is checked as the
 * {@link dev.pigeon.tls.TlsSettings} say (verified by default).
 */
public enum TlsMode {
    /** STARTTLS or stop: not offered, refused, or failed means no MAIL and no AUTH ({@code --tls}). */
    STARTTLS_REQUIRED,
    /** TLS from the first byte, before the greeting (RFC 8314; port 465; {@code --tls-on-connect}). */
    IMPLICIT,
    /**
     * STARTTLS when the server offers it, else plain ({@code --tls-optional}, and the default). A
     * refusal reply to STARTTLS continues in plain; a handshake once begun must succeed: a bad
     * certificate or a failed handshake ends the session, never a silent fall-back.
     */
    OPPORTUNISTIC,
    /** Never TLS ({@code --no-tls}). */
    NONE;

    /** Whether a session in this mode may ever need a TLS context. */
    public boolean usesTls() {
        return this != NONE;
    }
}
