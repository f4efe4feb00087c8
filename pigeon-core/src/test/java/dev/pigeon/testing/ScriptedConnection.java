package dev.pigeon.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * One accepted connection playing its {@link Script}, and what the client sent on it.
 *
 * <p>The recording is every byte the server read, in order; bytes the client sent while the
 * script was not reading (a {@link SocketEffect.Stall}) are not in it.
 */
public final class ScriptedConnection {
    private final int index;
    private volatile Socket socket;
    private final Script script;
    private final CountDownLatch serverClosing;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final List<String> expectedLines = new CopyOnWriteArrayList<>();
    private final List<byte[]> dataBlocks = new CopyOnWriteArrayList<>();
    private final WireReader reader;
    private volatile Throwable failure;
    private volatile boolean clientClosed;
    private volatile int tlsStartedAt = -1;
    private volatile boolean tlsHandshakeFailed;
    private volatile long floodedBytes;

    ScriptedConnection(int index, Socket socket, Script script, CountDownLatch serverClosing) throws IOException {
        this.index = index;
        this.socket = socket;
        this.script = script;
        this.serverClosing = serverClosing;
        this.reader = new WireReader(socket);
    }

    /** Plays the script on the calling thread, then drains, then closes the socket. */
    void play() {
        try {
            if (playSteps()) {
                clientClosed = reader.drain(deadline(script.drainTimeout()));
            }
        } catch (Throwable t) {
            if (serverClosing.getCount() > 0) {
                failure = t;
            }
        } finally {
            forceClose();
            ended.countDown();
        }
    }

    /** @return false when a step ended the connection */
    private boolean playSteps() throws IOException, InterruptedException {
        List<Step> steps = script.steps();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            boolean goOn;
            try {
                goOn = switch (step) {
                    case Step.Expect e -> expect(e);
                    case Step.ExpectData d -> expectData(d);
                    case Step.ExpectEof e -> expectEof(e);
                    case Step.ReadBytes r -> readBytes(r);
                    case SocketEffect effect -> perform(effect, socket.getOutputStream());
                };
            } catch (IOException | AssertionError e) {
                throw new AssertionError("step " + (i + 1) + " (" + describe(step) + "): " + e.getMessage(), e);
            }
            if (!goOn) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Step step) {
        return switch (step) {
            case Step.Expect e -> "expect '" + e.prefix() + "'";
            case Step.ExpectData d -> "expect data";
            case Step.ExpectEof e -> "expect EOF";
            case Step.ReadBytes r -> "read " + r.count() + " bytes";
            case SocketEffect effect -> effect.getClass().getSimpleName();
        };
    }

    private boolean expect(Step.Expect e) throws IOException {
        byte[] raw = reader.readLine(deadline(e.timeout()));
        if (raw == null) {
            throw new AssertionError("expected a line starting with '" + e.prefix() + "' but the client closed");
        }
        String line = new String(raw, StandardCharsets.ISO_8859_1);
        if (!line.endsWith("\r\n")) {
            throw new AssertionError("line not ended by CRLF: " + visible(line));
        }
        line = line.substring(0, line.length() - 2);
        expectedLines.add(line);
        if (!line.startsWith(e.prefix())) {
            throw new AssertionError("expected a line starting with '" + e.prefix() + "' but got " + visible(line));
        }
        return true;
    }

    private boolean expectData(Step.ExpectData d) throws IOException {
        long deadline = deadline(d.timeout());
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        while (true) {
            byte[] line = reader.readLine(deadline);
            if (line == null) {
                throw new AssertionError("the client closed in the middle of DATA after " + content.size() + " bytes");
            }
            if (WireReader.isTerminator(line)) {
                dataBlocks.add(content.toByteArray());
                return true;
            }
            content.write(line);
        }
    }

    private boolean expectEof(Step.ExpectEof e) throws IOException {
        byte[] more = reader.readLine(deadline(e.timeout()));
        if (more != null) {
            throw new AssertionError("expected the client to close, but it sent "
                    + visible(new String(more, StandardCharsets.ISO_8859_1)));
        }
        clientClosed = true;
        return false;
    }

    private boolean readBytes(Step.ReadBytes r) throws IOException {
        int got = reader.readBytes(r.count(), deadline(r.timeout()));
        if (got < r.count()) {
            throw new AssertionError("the client closed after " + got + " of " + r.count() + " bytes");
        }
        return true;
    }

    /** Writes the unit until {@code maxBytes} went out or the client stopped taking them. */
    private void flood(OutputStream out, SocketEffect.Flood f) {
        byte[] unit = f.unit();
        // Whole units in chunks of about 64 KiB, so a megabyte takes a few writes, not a million.
        byte[] chunk = new byte[Math.max(1, 65536 / unit.length) * unit.length];
        for (int i = 0; i < chunk.length; i += unit.length) {
            System.arraycopy(unit, 0, chunk, i, unit.length);
        }
        try {
            while (floodedBytes < f.maxBytes() && serverClosing.getCount() > 0) {
                int n = (int) Math.min(chunk.length, f.maxBytes() - floodedBytes);
                out.write(chunk, 0, n);
                floodedBytes += n;
            }
            out.flush();
        } catch (IOException clientGaveUp) {
            // the client closed or reset: what the flood is there to provoke
        }
    }

    /** Bytes a {@link SocketEffect.Flood} managed to write before the client stopped it. */
    public long floodedBytes() {
        return floodedBytes;
    }

    private boolean perform(SocketEffect effect, OutputStream out) throws IOException, InterruptedException {
        switch (effect) {
            case SocketEffect.SendBytes s -> write(out, s.bytes());
            case SocketEffect.Drip d -> {
                for (byte b : d.bytes()) {
                    try {
                        write(out, new byte[] {b});
                    } catch (IOException clientGaveUp) {
                        // a client that stops waiting for a crawling reply is what a drip tests
                        clientClosed = true;
                        return false;
                    }
                    if (serverClosing.await(d.interval().toNanos(), TimeUnit.NANOSECONDS)) {
                        return false;
                    }
                }
            }
            case SocketEffect.Pause p -> {
                if (serverClosing.await(p.duration().toNanos(), TimeUnit.NANOSECONDS)) {
                    return false;
                }
            }
            case SocketEffect.Stall s -> {
                serverClosing.await(s.max().toNanos(), TimeUnit.NANOSECONDS);
                return false;
            }
            case SocketEffect.Close c -> {
                return false;
            }
            case SocketEffect.CloseMidReply c -> {
                write(out, c.partial());
                return false;
            }
            case SocketEffect.HalfClose h -> socket.shutdownOutput();
            case SocketEffect.Reset r -> {
                socket.setSoLinger(true, 0);
                return false;
            }
            case SocketEffect.StartTls t -> {
                return startTls(t);
            }
            case SocketEffect.Flood f -> flood(out, f);
        }
        return true;
    }

    private boolean startTls(SocketEffect.StartTls t) throws IOException {
        Socket plain = socket;
        SSLSocket secure = (SSLSocket) t.context().getSocketFactory()
                .createSocket(plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
        secure.setUseClientMode(false);
        secure.setSoTimeout((int) Script.DEFAULT_STEP_TIMEOUT.toMillis());
        reader.switchTo(secure);
        socket = secure;
        tlsStartedAt = reader.recorded().length;
        try {
            secure.startHandshake();
        } catch (SSLException | SocketException e) {
            // A client that refuses the certificate sends its alert and closes; depending on who
            // writes last, the server sees the alert (SSLException) or a broken pipe.
            tlsHandshakeFailed = true;
            return false;
        }
        return true;
    }

    /** Bytes recorded before TLS began, or -1 when it never did. */
    public int tlsStartedAt() {
        return tlsStartedAt;
    }

    /** Whether a {@link SocketEffect.StartTls} handshake failed (the client refused it, say). */
    public boolean tlsHandshakeFailed() {
        return tlsHandshakeFailed;
    }

    /** The lines the client sent before TLS began (all of them when it never did). */
    public List<String> linesBeforeTls() {
        return lines(tlsStartedAt < 0 ? receivedText() : receivedText().substring(0, tlsStartedAt));
    }

    /** The lines the client sent under TLS, decrypted (none when TLS never began). */
    public List<String> linesUnderTls() {
        return tlsStartedAt < 0 ? List.of() : lines(receivedText().substring(tlsStartedAt));
    }

    private static void write(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    private static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    /** Which accepted connection this is, from 0. */
    public int index() {
        return index;
    }

    /** Waits until the script, its drain and the close are done; rethrows a script failure. */
    public ScriptedConnection awaitEnd(Duration timeout) {
        try {
            if (!ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new AssertionError("connection " + index + " still running its script after " + timeout
                        + "; received so far: " + visible(receivedText()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        assertNoFailure();
        return this;
    }

    /** Throws if a step failed (wrong line, deadline passed), with what the client had sent. */
    public void assertNoFailure() {
        Throwable t = failure;
        if (t != null) {
            throw new AssertionError("script of connection " + index + " failed: " + t.getMessage()
                    + "; received: " + visible(receivedText()), t);
        }
    }

    public boolean hasEnded() {
        return ended.getCount() == 0;
    }

    /** Every byte read from the client so far. */
    public byte[] receivedBytes() {
        return reader.recorded();
    }

    /** The bytes as ISO-8859-1 text (one char per byte). */
    public String receivedText() {
        return new String(receivedBytes(), StandardCharsets.ISO_8859_1);
    }

    /** The recording split at CRLF, without the CRLFs; a trailing partial line is included. */
    public List<String> receivedLines() {
        return lines(receivedText());
    }

    private static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r\n", -1)));
        if (lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        return lines;
    }

    /** The lines read by {@link Step.Expect} steps, in order. */
    public List<String> expectedLines() {
        return List.copyOf(expectedLines);
    }

    /** The DATA contents read by {@link Step.ExpectData}, dot-stuffed as on the wire, without terminators. */
    public List<byte[]> dataBlocks() {
        return dataBlocks.stream().map(byte[]::clone).toList();
    }

    /** Whether the client closed its side (after the script, or where {@link Step.ExpectEof} expected). */
    public boolean clientClosed() {
        return clientClosed;
    }

    void forceClose() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket: nothing to report
        }
    }

    static String visible(String s) {
        StringBuilder sb = new StringBuilder("\"");
        int shown = Math.min(s.length(), 2000);
        for (char c : s.substring(0, shown).toCharArray()) {
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c < 0x20 || c > 0x7e ? String.format("\\x%02x", (int) c) : String.valueOf(c));
            }
        }
        sb.append('"');
        return shown < s.length() ? sb + " (+" + (s.length() - shown) + " more bytes)" : sb.toString();
    }
}
