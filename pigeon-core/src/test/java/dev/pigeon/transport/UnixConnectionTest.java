package dev.pigeon.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pigeon.testing.UnixSocketFake;
import dev.pigeon.testing.UnixSocketFake.Send;
import dev.pigeon.testing.UnixSocketFake.Silence;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A connection over a unix-domain socket keeps the TCP guarantees: bounded reads and writes. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UnixConnectionTest {
    private static final Duration SHORT = Duration.ofMillis(300);

    @TempDir
    Path dir;

    private static Connector connector() {
        return new Connector(Timeouts.uniform(SHORT));
    }

    @Test
    void readsRepliesAndNamesThePath() throws Exception {
        try (UnixSocketFake fake = UnixSocketFake.start(dir.resolve("s"), new Send("220-one", "220 two"));
                Connection c = connector().connectUnix(fake.path())) {
            assertThat(c.readReply(Duration.ofSeconds(5)).lines()).containsExactly("220-one", "220 two");
            assertThat(c.unixSocket()).hasValue(fake.path());
            assertThat(c.isTls()).isFalse();
            assertThatThrownBy(c::remoteAddress).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> c.upgradeToTls(null, "x", 0, SHORT)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void silenceEndsAtTheDeadlineAndClosesTheConnection() throws Exception {
        try (UnixSocketFake fake = UnixSocketFake.start(dir.resolve("s"), new Silence());
                Connection c = connector().connectUnix(fake.path())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> c.readReply(SHORT)).isInstanceOf(SocketTimeoutException.class)
                    .hasMessage("no complete reply within 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(SHORT.minusMillis(50),
                    Duration.ofSeconds(5));
            assertThat(c.isOpen()).isFalse();
        }
    }

    @Test
    void aPartialReplyDoesNotStretchTheDeadline() throws Exception {
        try (UnixSocketFake fake = UnixSocketFake.start(dir.resolve("s"), new Send("220-first line"), new Silence());
                Connection c = connector().connectUnix(fake.path())) {
            assertThatThrownBy(() -> c.readReply(SHORT)).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void aPeerThatStopsReadingFailsTheWriteAtTheDataBlockDeadline() throws Exception {
        Path path = dir.resolve("deaf");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            try (Connection c = connector().connectUnix(path); SocketChannel accepted = server.accept()) {
                OutputStream content = c.contentStream(SHORT);
                byte[] block = new byte[64 * 1024];
                long start = System.nanoTime();
                assertThatThrownBy(() -> {
                    for (int i = 0; i < 64 * 16; i++) { // 64 MiB, far beyond any socket buffer
                        content.write(block);
                    }
                    content.flush();
                }).isInstanceOf(SocketTimeoutException.class).hasMessageContaining("stopped reading");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
                assertThat(accepted.isOpen()).isTrue();
            }
        }
    }

    @Test
    void nothingListeningIsAConnectException() {
        Path missing = dir.resolve("none");
        assertThatThrownBy(() -> connector().connectUnix(missing)).isInstanceOf(java.net.ConnectException.class)
                .hasMessageStartingWith("cannot connect to unix socket " + missing + ": ");
    }
}
