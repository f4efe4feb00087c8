package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An output stream that hands each printed line to the test as it is written, so a test of a
 * running {@code pigeon serve} waits on lines, with a deadline, not on time.
 */
final class LineQueue extends OutputStream {
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    /** Every line so far, each ending in a newline. */
    final StringBuffer all = new StringBuffer();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            String l = line.toString(StandardCharsets.UTF_8);
            lines.add(l);
            all.append(l).append('\n');
            line.reset();
        } else {
            line.write(b);
        }
    }

    /** The next line; fails the test when none comes within 10 seconds. */
    String next() throws InterruptedException {
        String l = lines.poll(10, TimeUnit.SECONDS);
        assertThat(l).as("a line within 10 seconds").isNotNull();
        return l;
    }
}
