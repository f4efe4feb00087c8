package dev.pigeon.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What a test server's Maildir holds, and the check that a refused or cut-off message left nothing. */
final class MaildirChecks {
    private MaildirChecks() {}

    /** The files in {@code folder} ({@code new}, {@code tmp} or {@code cur}) of {@code maildir}. */
    static List<Path> files(Path maildir, String folder) throws IOException {
        try (Stream<Path> s = Files.list(maildir.resolve(folder))) {
            return s.toList();
        }
    }

    /** Nothing delivered, nothing half-written, nothing in the inbox. */
    static void assertNothingStored(Path maildir, SmtpServer server) throws IOException {
        assertThat(files(maildir, "new")).isEmpty();
        assertThat(files(maildir, "tmp")).isEmpty();
        assertThat(server.inbox().size()).isZero();
    }
}
