package dev.pigeon.client;

/**
 * The client stopped the transaction itself because this server cannot take this message as it
 * is: too big for its SIZE limit, 8-bit content without 8BITMIME, an internationalised address
 * without SMTPUTF8, BINARYMIME asked for but not offered. Decided before MAIL, so nothing of the
 * transaction was sent and the session said QUIT; except {@link Reason#EIGHT_BIT_NOT_SUPPORTED}
 * found while streaming content of unknown make-up (standard input): then the transfer was cut
 * off before its end, which makes the server drop it.
 */
public final class ExtensionStop extends SessionException {

    public enum Reason {
        /** The message is larger than the limit the server announced with SIZE (RFC 1870). */
        MESSAGE_TOO_BIG,
        /** The content holds 8-bit bytes and the server does not offer 8BITMIME (RFC 6152). */
        EIGHT_BIT_NOT_SUPPORTED,
        /** BINARYMIME was asked for but the server lacks BINARYMIME or CHUNKING (or chunking is off). */
        BINARYMIME_NOT_SUPPORTED,
        /** A UTF-8 local part, and the server does not offer SMTPUTF8 (RFC 6531). */
        UTF8_ADDRESS_NOT_SUPPORTED,
        /** An internationalised domain that cannot be written as A-labels (RFC 5890). */
        BAD_DOMAIN
    }

    private final Reason reason;
    private final boolean cutOff;

    public ExtensionStop(Stage stage, Reason reason, String message, boolean cutOff) {
        super(stage, message, null, false);
        this.reason = reason;
        this.cutOff = cutOff;
    }

    public Reason reason() {
        return reason;
    }

    /** True when content had started to flow and the transfer was abandoned mid-way. */
    public boolean cutOff() {
        return cutOff;
    }
}
