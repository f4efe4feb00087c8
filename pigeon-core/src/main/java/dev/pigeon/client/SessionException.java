package dev.pigeon.client;

import java.io.IOException;

/**
 * The transport failed during a session: a timeout, a dropped connection, or a server that broke
 * SMTP syntax. The cause says which; {@link #stage()} says where.
 *
 * <p>A failure at {@link Stage#CONTENT} after the final dot was sent is the RFC 1047 window: the
 * server may have accepted the message; {@link #possiblyDelivered()} is then true.
 */
public class SessionException extends IOException {
    private final Stage stage;
    private final boolean possiblyDelivered;

    public SessionException(Stage stage, String message, IOException cause, boolean possiblyDelivered) {
        super(message, cause);
        this.stage = stage;
        this.possiblyDelivered = possiblyDelivered;
    }

    public Stage stage() {
        return stage;
    }

    public boolean possiblyDelivered() {
        return possiblyDelivered;
    }

    @Override
    public synchronized IOException getCause() {
        return (IOException) super.getCause();
    }
}
