package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pigeon serve --chaos-*} in-process: the banner, a fault a client sees, and the fault announced. */
class ServeChaosIT {
    @TempDir
    Path maildir;

    @Test
    void aChaosGreetingIsRefusedAndAnnounced() throws Exception {
        LineQueue out = new LineQueue();
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
