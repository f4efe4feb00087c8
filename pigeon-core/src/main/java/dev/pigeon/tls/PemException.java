package dev.pigeon.tls;

import java.io.IOException;

/**
 * A PEM or key file that cannot be used: its message names the file and what is wrong with it,
 * ready to show to a user.
 */
public final class PemException extends IOException {
    public PemException(String message) {
        super(message);
    }

    public PemException(String message, Throwable cause) {
        super(message, cause);
    }
}
