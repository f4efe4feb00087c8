package dev.pigeon.client;

import dev.pigeon.protocol.Reply;
import dev.pigeon.tls.HandshakeSummary;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/** Forwards each event to several listeners, in order. */
final class CompositeListener implements SessionListener {
    private final List<SessionListener> listeners;

    CompositeListener(List<SessionListener> listeners) {
        this.listeners = listeners;
    }

    @Override
    public void connecting(InetSocketAddress address) {
        listeners.forEach(l -> l.connecting(address));
    }

    @Override
    public void connectFailed(InetSocketAddress address, IOException cause) {
        listeners.forEach(l -> l.connectFailed(address, cause));
    }

    @Override
    public void connected(InetSocketAddress local, InetSocketAddress remote) {
        listeners.forEach(l -> l.connected(local, remote));
    }

    @Override
    public void connected(Path unixSocket) {
        listeners.forEach(l -> l.connected(unixSocket));
    }

    @Override
    public void commandSent(String line) {
        listeners.forEach(l -> l.commandSent(line));
    }

    @Override
    public void replyReceived(Reply reply) {
        listeners.forEach(l -> l.replyReceived(reply));
    }

    @Override
    public void tlsStarted(HandshakeSummary handshake) {
        listeners.forEach(l -> l.tlsStarted(handshake));
    }

    @Override
    public boolean wantsContent() {
        return listeners.stream().anyMatch(SessionListener::wantsContent);
    }

    @Override
    public void contentSent(byte[] bytes, int offset, int length) {
        for (SessionListener l : listeners) {
            if (l.wantsContent()) {
                l.contentSent(bytes, offset, length);
            }
        }
    }

    @Override
    public void dataSent(long wireBytes) {
        listeners.forEach(l -> l.dataSent(wireBytes));
    }

    @Override
    public void closed() {
        listeners.forEach(SessionListener::closed);
    }
}
