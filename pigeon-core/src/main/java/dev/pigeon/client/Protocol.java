package dev.pigeon.client;

/** Which greeting the client uses. */
public enum Protocol {
    /** RFC 821 style: HELO only, no extensions (the classic lab dialogue). */
    SMTP,
    /** EHLO, falling back to HELO when the server refuses EHLO. */
    ESMTP,
    /**
     * LMTP (RFC 2033): LHLO (no HELO fallback), and after the content one reply per accepted
     * recipient, so each recipient is delivered to, or not, on its own.
     */
    LMTP
}
