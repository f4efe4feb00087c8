package dev.pigeon.cli.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.cli.Main;
import dev.pigeon.testing.Script;
import dev.pigeon.testing.ScriptedConnection;
import dev.pigeon.testing.ScriptedServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code pigeon send} in-process against a {@link ScriptedServer}, timing it, and gives the
 * four things every hostile case asserts: the exit status, the time taken, what went on the wire
 * and what was printed.
 */
final class HostileSend {
    static final String FROM = "ann@example.org";
    static final String TO = "bob@example.org";
    /** The client's limit for every wait in these cases ({@code --timeout}). */
    static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** Scheduling slack on a loaded 2-core machine: the point is "bounded", not "precise". */
    static final Duration SLACK = Duration.ofSeconds(4);

    private HostileSend() {}

    /** One run: exit status, streams as bytes and text, elapsed time, and the server's connection (or null). */
    record Run(int exitCode, byte[] outBytes, byte[] errBytes, Duration elapsed, ScriptedConnection connection) {
        String out() {
            return new String(outBytes, StandardCharsets.UTF_8);
        }

        String err() {
            return new String(errBytes, StandardCharsets.UTF_8);
        }

        /** The lines the client sent (CRLF split). */
        List<String> wireLines() {
            return connection.receivedLines();
        }

        String wireText() {
            return connection.receivedText();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + " after " + elapsed.toMillis() + " ms\n--- stdout\n" + out() + "--- stderr\n"
                    + err() + "--- wire\n" + (connection == null ? "(no connection)" : connection.receivedText());
        }
    }

    /** The usual arguments and then {@code extra}; {@code --body hello} unless {@code extra} has --data or --body. */
    static List<String> args(ScriptedServer server, String... extra) {
        List<String> args = new ArrayList<>(List.of("send", "--server", server.host(), "--port",
                Integer.toString(server.port()), "--from", FROM, "--to", TO,
                "--timeout", Long.toString(TIMEOUT.toSeconds())));
        List<String> more = List.of(extra);
        if (!more.contains("--data") && !more.contains("--body")) {
            args.addAll(List.of("--body", "hello"));
        }
        args.addAll(more);
        return args;
    }

    /** Plays {@code script} on one connection and runs {@code pigeon send} against it. */
    static Run send(Script script, String... extra) {
        try (ScriptedServer server = ScriptedServer.start(script)) {
            return sendTo(server, extra);
        }
    }

    /** Runs against a started server; waits for its first connection to end (if there was one). */
    static Run sendTo(ScriptedServer server, String... extra) {
        return run(server, new byte[0], args(server, extra).toArray(String[]::new));
    }

    /** Runs {@code argv} exactly; the connection is null when nothing connected. */
    static Run run(ScriptedServer server, byte[] stdin, String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(argv, o, e, new ByteArrayInputStream(stdin));
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        ScriptedConnection connection = server.anyConnectionWithin(Duration.ofMillis(300))
                ? server.connection(0).awaitEnd(ScriptedServer.DEFAULT_WAIT) : null;
        return new Run(code, out.toByteArray(), err.toByteArray(), elapsed, connection);
    }

    /**
     * No terminal control from the server reaches the user: no ESC, NUL, BEL, DEL, C1 CSI or bare
     * CR in either stream, and standard error is exactly one line.
     */
    static void assertPrintedSafelyInOneErrorLine(Run run) {
        assertPrintedSafely(run);
        assertThat(run.err().lines()).as(run.toString()).hasSize(1);
        assertThat(run.err()).startsWith("pigeon: ").endsWith("\n");
    }

    static void assertPrintedSafely(Run run) {
        for (byte[] stream : List.of(run.outBytes(), run.errBytes())) {
            assertThat(stream).as(run.toString()).doesNotContain(0x1B, 0x00, 0x07, 0x7F, 0x0D);
            assertThat(new String(stream, StandardCharsets.UTF_8)).as(run.toString())
                    .doesNotContain("\u009B", "\u202E");
        }
    }

    /** Bounded: the run took less than {@code limit} (plus scheduling slack). */
    static void assertTookLessThan(Run run, Duration limit) {
        assertThat(run.elapsed()).as(run.toString()).isLessThan(limit.plus(SLACK));
    }
}
