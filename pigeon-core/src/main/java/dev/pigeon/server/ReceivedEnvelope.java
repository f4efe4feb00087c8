package dev.pigeon.server;

import dev.pigeon.protocol.Mailbox;
import java.util.List;

/**
 * The envelope of one received message: client, reverse-path and the accepted recipients, in
 * RCPT order.
 *
 * @param size content bytes after dot-unstuffing (without the trace headers the store adds)
 */
public record ReceivedEnvelope(ClientInfo client, Mailbox from, List<Mailbox> recipients, long size) {
    public ReceivedEnvelope {
        recipients = List.copyOf(recipients);
    }
}
