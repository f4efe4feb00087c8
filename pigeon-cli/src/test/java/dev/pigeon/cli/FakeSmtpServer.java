package dev.pigeon.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted SMTP server on 127.0.0.1 for tests: canned replies per command, and faults (close
 * the connection, stall) as a sealed {@link Effect}. Records every line it receives. Serves
 * connections one after another on a virtual thread.
 */
final class FakeSmtpServer implements AutoCloseable {

    /** What the server does at a step of the dialogue. */
    sealed interface Effect {
        /** Writes these bytes (ISO-8859-1, so any byte can be scripted). */
        record Say(String raw) implements Effect {}

        /** Closes the connection without a word. */
        record Close() implements Effect {}

        /** Says nothing and waits until the client gives up. */
        record Stall() implements Effect {}
    }

    static Effect say(String... lines) {
        StringBuilder raw = new StringBuilder();
        for (String l : lines) {
            raw.append(l).append("\r\n");
        }
        return new Effect.Say(raw.toString());
    }

    static Effect raw(String bytes) {
        return new Effect.Say(bytes);
    }

    static final Effect CLOSE = new Effect.Close();
    static final Effect STALL = new Effect.Stall();

    private final ServerSocket serverSocket;
    private final Map<String, Effect> script = new HashMap<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<byte[]> contents = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private Effect greeting = say("220 fake.test ESMTP ready");
    private Thread thread;

    FakeSmtpServer() throws IOException {
        this(InetAddress.getLoopbackAddress());
    }

    /** Listens on {@code address} (a loopback address), any free port. */
    FakeSmtpServer(InetAddress address) throws IOException {
        serverSocket = new ServerSocket();
        serverSocket.bind(new InetSocketAddress(address, 0));
        script.put("EHLO", say("250-fake.test", "250 8BITMIME"));
        script.put("HELO", say("250 fake.test"));
        script.put("MAIL", say("250 2.1.0 ok"));
        script.put("RCPT", say("250 2.1.5 ok"));
        script.put("DATA", say("354 go ahead"));
        script.put(".", say("250 2.0.0 queued as 42"));
        script.put("QUIT", say("221 2.0.0 bye"));
        script.put("RSET", say("250 ok"));
    }

    FakeSmtpServer greeting(Effect effect) {
        this.greeting = effect;
        return this;
    }

    /** Sets the effect for a verb ("MAIL", "DATA", "." for the end of the content) or an exact line. */
    FakeSmtpServer on(String verbOrLine, Effect effect) {
        script.put(verbOrLine, effect);
        return this;
    }

    FakeSmtpServer start() {
        thread = Thread.ofVirtual().name("fake-smtp").start(this::acceptLoop);
        return this;
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    String portText() {
        return Integer.toString(port());
    }

    /** Command lines received, in order, without CRLF. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    /** Message contents received (dot-stuffed, as on the wire, without the final dot line). */
    List<byte[]> contents() {
        return List.copyOf(contents);
    }

    int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try (Socket s = serverSocket.accept()) {
                sockets.add(s);
                connections.incrementAndGet();
                serve(s);
            } catch (IOException e) {
                // closed, or the client went away: next connection
            }
        }
    }

    private void serve(Socket s) throws IOException {
        InputStream in = new BufferedInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        if (!apply(greeting, in, out)) {
            return;
        }
        String line;
        while ((line = readLine(in)) != null) {
            lines.add(line);
            String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
            Effect effect = script.getOrDefault(line, script.getOrDefault(verb, say("500 5.5.2 unknown command")));
            if (!apply(effect, in, out) || verb.equals("QUIT")) {
                return;
            }
            if (verb.equals("DATA") && effect instanceof Effect.Say say && say.raw().startsWith("354")) {
                if (!readContent(in) || !apply(script.get("."), in, out)) {
                    return;
                }
            }
        }
    }

    private boolean readContent(InputStream in) throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        String line;
        while ((line = readLine(in)) != null) {
            if (line.equals(".")) {
                contents.add(content.toByteArray());
                return true;
            }
            content.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        return false;
    }

    /** Returns false when the connection is over. */
    private static boolean apply(Effect effect, InputStream in, OutputStream out) throws IOException {
        switch (effect) {
            case Effect.Say say -> {
                out.write(say.raw().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return true;
            }
            case Effect.Close close -> {
                return false;
            }
            case Effect.Stall stall -> {
                // Read (and drop) until the client closes: it is the client's timeout that ends this.
                while (in.read() >= 0) {
                    // discard
                }
                return false;
            }
        }
    }

    /** A CRLF-terminated line, one char per byte; null at end of stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        for (Socket s : sockets) {
            s.close();
        }
        if (thread != null) {
            try {
                // bounded: a serve() stuck on a socket accepted during close() must not hang the build
                if (!thread.join(java.time.Duration.ofSeconds(10))) {
                    throw new IllegalStateException("fake server thread still running 10 s after close");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
