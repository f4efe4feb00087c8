package dev.pigeon.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaildirStoreTest {
    @TempDir
    Path dir;

    private static long count(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.count();
        }
    }

    @Test
    void createsTheThreeFolders() throws IOException {
        MaildirStore store = MaildirStore.open(dir.resolve("box"), "h.test");
        assertThat(store.root().resolve("cur")).isDirectory();
        assertThat(store.root().resolve("new")).isDirectory();
        assertThat(store.root().resolve("tmp")).isDirectory();
        assertThat(store.newFolder()).isEqualTo(store.root().resolve("new"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void commitMovesTheFileFromTmpToNew(boolean sync) throws IOException {
        MaildirStore store = MaildirStore.open(dir, "h.test", sync);
        Path stored;
        try (MaildirStore.Delivery d = store.begin()) {
            d.out().write("hello\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(d.tmpFile()).exists();
            assertThat(count(dir.resolve("new"))).isZero();
            stored = d.commit();
        }
        assertThat(stored.getParent()).isEqualTo(dir.resolve("new"));
        assertThat(Files.readAllBytes(stored)).isEqualTo("hello\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(count(dir.resolve("tmp"))).isZero();
    }

    @Test
    void closingWithoutCommitLeavesNothing() throws IOException {
        MaildirStore store = MaildirStore.open(dir, "h.test");
        try (MaildirStore.Delivery d = store.begin()) {
            d.out().write(new byte[100_000]);
        }
        assertThat(count(dir.resolve("tmp"))).isZero();
        assertThat(count(dir.resolve("new"))).isZero();
    }

    @Test
    void namesAreUniqueAndHostnamesEscaped() throws IOException {
        MaildirStore store = MaildirStore.open(dir, "odd/host:name");
        try (MaildirStore.Delivery a = store.begin(); MaildirStore.Delivery b = store.begin()) {
            assertThat(a.name()).isNotEqualTo(b.name());
            assertThat(a.name()).endsWith(".odd\\057host\\072name").doesNotContain("/").doesNotContain(":");
        }
    }
}
