package dev.pigeon.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pigeon.protocol.Command;
import dev.pigeon.protocol.Reply;
import dev.pigeon.testing.Script;
import dev.pigeon.testing.ScriptedServer;
import dev.pigeon.testing.SocketEffect;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The connection's read and write paths over loopback: splits, buffering, per-reply deadlines. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectionTest {
    private static final Duration LONG = Duration.ofSeconds(5);
    private static final byte[] TWO_LINE = "250-first line\r\n250 second\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private static Connection connect(ScriptedServer server) throws Exception {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(server.host(), server.port()), 5000);
        return Connection.over(socket, LONG);
    }

    /** For each split point, the first part, a pause so it arrives alone, then the rest. */
    @Test
    void replySplitAtEveryByteStillParses() throws Exception {
        for (int split = 1; split < TWO_LINE.length; split++) {
            Script script = Script.builder()
                    .then(new SocketEffect.SendBytes(Arrays.copyOfRange(TWO_LINE, 0, split)))
                    .pause(Duration.ofMillis(15))
                    .then(new SocketEffect.SendBytes(Arrays.copyOfRange(TWO_LINE, split, TWO_LINE.length)))
                    .build();
            try (ScriptedServer server = ScriptedServer.start(script); Connection c = connect(server)) {
                Reply reply = c.readReply(LONG);

                assertThat(reply.code()).as("split at %d", split).isEqualTo(250);
                assertThat(reply.lines()).containsExactly("250-first line", "250 second");
                assertThat(c.bufferedInput()).isZero();
            }
        }
    }

    @Test
    void twoRepliesInOneSegmentAreReturnedOneByOne() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder().send("250 one", "251 two").build());
                Connection c = connect(server)) {
            Reply first = c.readReply(LONG);
            assertThat(first.code()).isEqualTo(250);
            // the second was decoded from the same read: the decoder keeps it for the next call
            Reply second = c.readReply(LONG);
            assertThat(second.code()).isEqualTo(251);
        }
    }

    @Test
    void commandsAreBufferedUntilAReplyIsAwaited() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .expect("NOOP").expect("RSET").send("250 ok", "250 ok").build());
                Connection c = connect(server)) {
            c.send(new Command.Noop());
            c.send(new Command.Rset());
            assertThat(server.connection(0).receivedBytes()).isEmpty();

            assertThat(c.readReply(LONG).code()).isEqualTo(250);
            assertThat(c.readReply(LONG).code()).isEqualTo(250);
            assertThat(server.connection(0).expectedLines()).containsExactly("NOOP", "RSET");
        }
    }

    @Test
    void deadlineIsPerReplyNotPerRead() throws Exception {
        Duration timeout = Duration.ofMillis(300);
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .drip(Duration.ofMillis(40), "220 one byte every forty milliseconds").build());
                Connection c = connect(server)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> c.readReply(timeout))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessage("no complete reply within 300 ms");
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertThat(elapsed).isBetween(timeout.minusMillis(30), timeout.plusMillis(1500));
        }
    }

    @Test
    void contentStreamWritesThroughToTheSocketOnFlush() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder().expectData().send("250 ok").build());
                Connection c = connect(server)) {
            OutputStream content = c.contentStream(LONG);
            content.write("hello\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
            content.close(); // must not close the socket
            assertThat(c.readReply(LONG).code()).isEqualTo(250);
            assertThat(c.isOpen()).isTrue();
            assertThat(server.connection(0).dataBlocks()).extracting(b -> new String(b, StandardCharsets.US_ASCII))
                    .isEqualTo(List.of("hello\r\n"));
        }
    }
}
