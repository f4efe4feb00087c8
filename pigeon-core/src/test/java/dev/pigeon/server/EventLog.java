package dev.pigeon.server;

import dev.pigeon.protocol.Reply;
import dev.pigeon.tls.HandshakeSummary;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A server listener that writes every event as one line, for tests; wait for the session's end, then read. */
final class EventLog implements ServerListener {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final CountDownLatch disconnected = new CountDownLatch(1);

    @Override
    public void onCommand(InetSocketAddress client, String line) {
        events.add("C: " + line);
    }

    @Override
    public void onReply(InetSocketAddress client, Reply reply) {
        reply.lines().forEach(l -> events.add("S: " + l));
    }

    @Override
    public void onTlsStarted(InetSocketAddress client, HandshakeSummary handshake, int discardedBytes) {
        events.add("TLS " + handshake.protocol() + " discarded " + discardedBytes);
    }

    @Override
    public void onTlsFailed(InetSocketAddress client, String reason) {
        events.add("TLS failed");
    }

    @Override
    public void onAuthenticated(InetSocketAddress client, String mechanism, String user) {
        events.add("AUTH " + mechanism + " as " + user);
    }

    @Override
    public void onAuthFailed(InetSocketAddress client, String mechanism, String detail) {
        events.add("AUTH " + mechanism + " failed: " + detail);
    }

    @Override
    public void onDisconnect(InetSocketAddress client) {
        events.add("disconnect");
        disconnected.countDown();
    }

    /** Every event of the first session, once it has ended. */
    List<String> awaitSession(Duration wait) throws InterruptedException {
        if (!disconnected.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the session did not end within " + wait + "; events: " + events);
        }
        return List.copyOf(events);
    }
}
