package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code pigeon demo}: golden transcripts, with the variable parts (port, paths, ids) normalised. */
class DemoCommandIT {
    private static final Pattern MAILDIR = Pattern.compile("storing to (\\S+)");

    @Test
    void transcriptMatchesTheGoldenFile() throws IOException {
        Cli.Run run = Cli.run("demo");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(normalise(run.out())).isEqualTo(golden("demo-transcript.txt"));
        assertThat(Path.of(maildirOf(run.out()))).doesNotExist();
    }

    @Test
    void showServerIsTheLabsExpectedOutput() throws IOException {
        Cli.Run run = Cli.run("demo", "--show", "server");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(normalise(run.out())).isEqualTo(golden("demo-server.txt"));
    }

    @Test
    void showNonePrintsNothingAndStillChecks() {
        Cli.Run run = Cli.run("demo", "--show", "none");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEmpty();
    }

    @Test
    void keepLeavesTheMaildirWithTheMessage() throws IOException {
        Cli.Run run = Cli.run("demo", "--keep");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        Path maildir = Path.of(maildirOf(run.out()));
        try {
            assertThat(maildir.resolve("new")).isDirectory();
            try (Stream<Path> files = Files.list(maildir.resolve("new"))) {
                Path stored = files.findFirst().orElseThrow();
                assertThat(Files.readString(stored, StandardCharsets.ISO_8859_1))
                        .startsWith("Return-Path: <arqredes@aut.uah.es>\r\n")
                        .endsWith("\r\nSee you soon\r\nNice to meet you\r\n");
            }
        } finally {
            deleteTree(maildir);
        }
    }

    private static String maildirOf(String out) {
        Matcher m = MAILDIR.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1);
    }

    /** Replaces what changes from run to run: port, temporary folder, Maildir file names, sizes of trace headers. */
    static String normalise(String out) {
        String s = out;
        Matcher m = MAILDIR.matcher(s);
        if (m.find()) {
            s = s.replace(m.group(1), "MAILDIR");
        }
        return s.replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT")
                .replaceAll("new/[^ \\n]+", "new/FILE")
                .replaceAll("queued as \\S+", "queued as QUEUEID")
                .replaceAll("after the \\d+ bytes", "after the N bytes");
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = DemoCommandIT.class.getResourceAsStream(name)) {
            assertThat(in).as("golden file " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
