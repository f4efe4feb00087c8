package dev.pigeon.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A scripted server on a unix-domain socket (the TCP {@link ScriptedServer}
 * cannot bind one): plays its steps on one connection and records every byte the client sent.
 * {@link #close()} ends a stalled script and removes nothing but what it created.
 */
public final class UnixSocketFake implements AutoCloseable {
    /** One thing the fake does: send lines, read a line, read DATA content up to the dot, or go silent. */
    public sealed interface Step {}

    public record Send(String... lines) implements Step {}

    public record ReadLine() implements Step {}

    public record ReadData() implements Step {}

    public record Silence() implements Step {}

    private final Path path;
    private final ServerSocketChannel server;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile SocketChannel client;

    private UnixSocketFake(Path path, List<Step> steps) throws IOException {
        this.path = path;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Thread.ofPlatform().daemon().name("unix-fake").start(() -> play(steps));
    }

    public static UnixSocketFake start(Path path, Step... steps) throws IOException {
        return new UnixSocketFake(path, List.of(steps));
    }

    public Path path() {
        return path;
    }

    private void play(List<Step> steps) {
        try (SocketChannel c = server.accept()) {
            client = c;
            InputStream in = Channels.newInputStream(c);
            OutputStream out = Channels.newOutputStream(c);
            for (Step step : steps) {
                switch (step) {
                    case Send send -> {
                        StringBuilder sb = new StringBuilder();
                        for (String line : send.lines()) {
                            sb.append(line).append("\r\n");
                        }
                        out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
                    }
                    case ReadLine r -> requireLine(readLine(in));
                    case ReadData d -> {
                        while (!requireLine(readLine(in)).equals(".")) {
                            // the content is recorded as it arrives
                        }
                    }
                    case Silence s -> closing.await(30, TimeUnit.SECONDS);
                }
            }
            // After the script, record until the client closes (a QUIT the script did not expect shows).
            while (readLine(in) != null) {
                // each line is recorded as it is read
            }
            ended.complete(null);
        } catch (IOException | InterruptedException e) {
            ended.completeExceptionally(e);
        }
    }

    private static String requireLine(String line) throws IOException {
        if (line == null) {
            throw new IOException("the client closed mid-script");
        }
        return line;
    }

    /** One line without its CRLF, recorded with it; null at the end of the stream. */
    private String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            synchronized (received) {
                received.write(b);
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return null;
    }

    /** What the client sent, once it has closed (waits up to 10 s). */
    public String receivedText() throws Exception {
        ended.get(10, TimeUnit.SECONDS);
        synchronized (received) {
            return received.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws IOException {
        closing.countDown();
        server.close();
        SocketChannel c = client;
        if (c != null) {
            c.close();
        }
        java.nio.file.Files.deleteIfExists(path);
    }
}
