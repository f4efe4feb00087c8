package dev.pigeon.cli;

import dev.pigeon.client.SessionListener;
import dev.pigeon.protocol.Reply;
import dev.pigeon.tls.HandshakeSummary;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Notes when each step of a session happened and what TLS was negotiated, for the JSON report.
 * Times are read from a monotonic clock; {@link #timings} gives milliseconds per stage.
 */
final class SessionRecorder implements SessionListener {
    private final long created = System.nanoTime();
    private long connecting = -1;
    private long connected = -1;
    private long greeting = -1;
    private long startTls = -1;
    private long tlsStarted = -1;
    private long dataCommand = -1;
    private long dataSent = -1;
    private long closed = -1;
    private InetSocketAddress remote;
    private HandshakeSummary handshake;

    @Override
    public void connecting(InetSocketAddress address) {
        if (connecting < 0) {
            connecting = System.nanoTime();
        }
    }

    @Override
    public void connectFailed(InetSocketAddress address, IOException cause) {
        // the next attempt (if any) keeps the first start time: connect time covers every attempt
    }

    @Override
    public void connected(InetSocketAddress local, InetSocketAddress remote) {
        connected = System.nanoTime();
        this.remote = remote;
    }

    @Override
    public void commandSent(String line) {
        if (line.equalsIgnoreCase("STARTTLS")) {
            startTls = System.nanoTime();
        } else if (line.equalsIgnoreCase("DATA") || line.regionMatches(true, 0, "BDAT ", 0, 5)) {
            if (dataCommand < 0) {
                dataCommand = System.nanoTime();
            }
        }
    }

    @Override
    public void replyReceived(Reply reply) {
        if (greeting < 0 && connected >= 0) {
            greeting = System.nanoTime();
        }
    }

    @Override
    public void tlsStarted(HandshakeSummary summary) {
        tlsStarted = System.nanoTime();
        handshake = summary;
    }

    @Override
    public void dataSent(long wireBytes) {
        dataSent = System.nanoTime();
    }

    @Override
    public void closed() {
        closed = System.nanoTime();
    }

    /** The handshake, when TLS was used. */
    HandshakeSummary handshake() {
        return handshake;
    }

    /** The address connected to, when a connection was made. */
    InetSocketAddress remote() {
        return remote;
    }

    /**
     * Milliseconds: {@code connect} (first attempt to connected), {@code greeting} (connected to the
     * greeting), {@code tls} (STARTTLS, or connected for implicit TLS, to the finished handshake),
     * {@code data} (DATA or the first BDAT to the content sent), {@code total} (creation to the end).
     */
    Map<String, Object> timings() {
        long end = closed >= 0 ? closed : System.nanoTime();
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("connect", between(connecting, connected));
        t.put("greeting", between(connected, greeting));
        t.put("tls", between(startTls >= 0 ? startTls : connected, tlsStarted));
        t.put("data", between(dataCommand, dataSent));
        t.put("total", between(created, end));
        return t;
    }

    private static Long between(long start, long end) {
        return start < 0 || end < 0 ? null : Math.max(0, (end - start) / 1_000_000);
    }
}
