package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pigeon serve --chaos-*} in-process: the banner, a fault a client sees, and the fault announced. */
class ServeChaosIT {
    @TempDir
    Path maildir;

    private static final class Lines extends OutputStream {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                lines.add(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }

        String next() throws InterruptedException {
            String l = lines.poll(10, TimeUnit.SECONDS);
            assertThat(l).as("a line within 10 seconds").isNotNull();
            return l;
        }
    }

    @Test
    void aChaosGreetingIsRefusedAndAnnounced() throws Exception {
        Lines out = new Lines();
        Thread serve = Thread.ofPlatform().name("serve").start(() -> Main.run(
                new String[] {"serve", "--port", "0", "--maildir", maildir.toString(),
                    "--chaos-reply", "greeting=421:1", "--chaos-seed", "7"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0])));
        try {
            Matcher m = Pattern.compile("pigeon: listening on 127\\.0\\.0\\.1:(\\d+), storing to .+").matcher(out.next());
            assertThat(m.matches()).isTrue();
            assertThat(out.next()).isEqualTo(
                    "pigeon: chaos on (seed 7: greeting 421 p=1.0); repeat this run with --chaos-seed 7");
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(m.group(1)))) {
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII))
                        .isEqualTo("421 4.3.2 Service not available, closing connection (pigeon chaos)\r\n");
            }
            assertThat(out.next()).matches("pigeon: chaos 127\\.0\\.0\\.1:\\d+ greeting: 421");
        } finally {
            serve.interrupt();
            serve.join(10_000);
        }
        assertThat(serve.isAlive()).isFalse();
    }
}
