package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pigeon serve} in-process: start, receive one message, stop, exit 0. */
class ServeCommandIT {
    @TempDir
    Path maildir;

    @Test
    void servesStoresAnnouncesAndStopsCleanly() throws Exception {
        LineQueue out = new LineQueue();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread serve = Thread.ofPlatform().name("serve").start(() -> exit.set(Main.run(
                new String[] {"serve", "--port", "0", "--maildir", maildir.toString(), "--hostname", "mx.test"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]))));
        try {
            String started = out.next();
            Matcher m = Pattern.compile("pigeon: listening on 127\\.0\\.0\\.1:(\\d+), storing to (.+)").matcher(started);
            assertThat(m.matches()).as(started).isTrue();
            assertThat(Path.of(m.group(2))).isEqualTo(maildir);

            Cli.Run sent = Cli.run("send", "--server", "127.0.0.1", "--port", m.group(1), "--timeout", "10",
                    "--from", "ann@example.org", "--to", "bob@example.org", "--to", "carl@example.org",
                    "--body", "hello", "--show", "server");
            assertThat(sent.exitCode()).as(sent.toString()).isZero();
            assertThat(sent.out()).startsWith("220 mx.test");

            String received = out.next();
            assertThat(received).matches("pigeon: message 1 from <ann@example\\.org> to <bob@example\\.org>,"
                    + " <carl@example\\.org>, \\d+ bytes, stored in " + Pattern.quote(maildir.toString()) + "/new/\\S+");
            Path stored = Path.of(received.substring(received.indexOf("stored in ") + "stored in ".length()));
            assertThat(Files.readString(stored)).endsWith("\r\n\r\nhello\r\n");
        } finally {
            serve.interrupt(); // what Ctrl-C does: the command stops waiting and closes the server
            serve.join(10_000);
        }
        assertThat(serve.isAlive()).isFalse();
        assertThat(exit.get()).isZero();
        assertThat(out.next()).isEqualTo("pigeon: stopped; messages are in " + maildir);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aPortInUseIsUnavailable() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Cli.Run run = Cli.run("serve", "--port", Integer.toString(taken.getLocalPort()), "--maildir", maildir.toString());
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(run.err()).startsWith("pigeon: cannot listen on 127.0.0.1 port ");
            assertThat(run.err().lines()).hasSize(1);
        }
    }
}
