package dev.pigeon.testing;

import dev.pigeon.client.SessionListener;
import dev.pigeon.protocol.Reply;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link SessionListener} that writes each event as one short line, so a test compares the
 * whole sequence at once: {@code "> HELO a"}, {@code "< 250 ok"}, {@code "data 40"}, {@code "closed"}.
 * Addresses are left out (ports are ephemeral); a multiline reply is one event per line.
 */
public final class RecordingListener implements SessionListener {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final boolean wantsContent;
    private final java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();

    public RecordingListener() {
        this(false);
    }

    /** @param wantsContent whether to ask for the content bytes too ({@code --show-data}) */
    public RecordingListener(boolean wantsContent) {
        this.wantsContent = wantsContent;
    }

    public List<String> events() {
        return List.copyOf(events);
    }

    /** The content bytes the session reported, when constructed to want them. */
    public synchronized byte[] content() {
        return content.toByteArray();
    }

    @Override
    public void connecting(InetSocketAddress address) {
        events.add("connecting");
    }

    @Override
    public void connectFailed(InetSocketAddress address, IOException cause) {
        events.add("connect failed: " + cause.getClass().getSimpleName());
    }

    @Override
    public void connected(InetSocketAddress local, InetSocketAddress remote) {
        events.add("connected");
    }

    @Override
    public void commandSent(String line) {
        events.add("> " + line);
    }

    @Override
    public void replyReceived(Reply reply) {
        reply.lines().forEach(l -> events.add("< " + l));
    }

    @Override
    public void tlsStarted(dev.pigeon.tls.HandshakeSummary handshake) {
        events.add("tls " + handshake.protocol());
    }

    @Override
    public boolean wantsContent() {
        return wantsContent;
    }

    @Override
    public synchronized void contentSent(byte[] bytes, int offset, int length) {
        content.write(bytes, offset, length);
    }

    @Override
    public void dataSent(long wireBytes) {
        events.add("data " + wireBytes);
    }

    @Override
    public void closed() {
        events.add("closed");
    }
}
