package dev.pigeon.protocol;

/** Text that is not a valid RFC 5321 mailbox; the message says why. */
public class InvalidAddressException extends IllegalArgumentException {
    public InvalidAddressException(String message) {
        super(message);
    }
}
