package dev.pigeon.server;

import dev.pigeon.protocol.Mailbox;
import java.io.IOException;
import java.io.InputStream;

/**
 * The server's policy hook (after SubEthaSMTP's {@code MessageHandler} and James' hooks): it
 * decides, the session does the protocol. Every method defaults to accepting, so an
 * implementation overrides only what it cares about. Methods run on the connection's thread and
 * may be called from many connections at once.
 *
 * <p>The server stores every accepted message itself (it is a sink, never a relay); a receiver
 * cannot redirect mail, only refuse it. A hook that throws makes the session answer
 * {@code 451 4.3.0} and carry on.
 */
public interface MailReceiver {

    /** Accepts every sender, recipient and message. */
    MailReceiver ACCEPT_ALL = new MailReceiver() {};

    /** MAIL FROM; {@code from} may be {@link Mailbox#NULL} (a bounce). */
    default Decision onMail(ClientInfo client, Mailbox from) {
        return Decision.accept();
    }

    /** One RCPT TO, asked once per recipient; only accepted recipients enter the envelope. */
    default Decision onRecipient(ClientInfo client, Mailbox from, Mailbox to) {
        return Decision.accept();
    }

    /**
     * The complete message, after the terminating dot and before it is committed: accepting makes
     * the store move it into {@code new/}; rejecting deletes it. {@code content} is the content as
     * the client sent it (dot-unstuffed, without trace headers), read from the temporary file; the
     * server closes it.
     */
    default Decision onMessage(ReceivedEnvelope envelope, InputStream content) throws IOException {
        return Decision.accept();
    }
}
