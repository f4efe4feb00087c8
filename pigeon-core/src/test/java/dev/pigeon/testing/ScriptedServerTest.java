package dev.pigeon.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The harness itself, driven by a raw socket: what it records, how it fails, how it ends. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScriptedServerTest {

    private static Socket connect(ScriptedServer server) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(server.host(), server.port()), 5000);
        s.setSoTimeout(5000);
        return s;
    }

    private static void write(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String readAll(Socket s) throws IOException {
        return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void recordsEveryByteIncludingWhatArrivesAfterTheScript() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .send("220 hi").expect("EHLO").send("250 ok").expectData().send("250 stored").build())) {
            try (Socket s = connect(server)) {
                write(s, "EHLO x\r\n");
                write(s, "a\r\n..b\r\n.\r\n");
                write(s, "QUIT\r\n");
                s.shutdownOutput();
                assertThat(readAll(s)).isEqualTo("220 hi\r\n250 ok\r\n250 stored\r\n");
            }
            ScriptedConnection c = server.awaitEnd();
            assertThat(c.receivedText()).isEqualTo("EHLO x\r\na\r\n..b\r\n.\r\nQUIT\r\n");
            assertThat(c.receivedLines()).containsExactly("EHLO x", "a", "..b", ".", "QUIT");
            assertThat(c.expectedLines()).containsExactly("EHLO x");
            assertThat(c.dataBlocks()).extracting(b -> new String(b, StandardCharsets.ISO_8859_1))
                    .containsExactly("a\r\n..b\r\n");
            assertThat(c.clientClosed()).isTrue();
        }
    }

    @Test
    void aLineWithTheWrongPrefixFailsTheScriptWithWhatWasReceived() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder().expect("HELO").send("250 ok").build())) {
            try (Socket s = connect(server)) {
                write(s, "EHLO x\r\n");
                assertThat(readAll(s)).as("the script stops: no reply").isEmpty();
            }
            assertThatThrownBy(server::awaitEnd).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("expected a line starting with 'HELO' but got \"EHLO x\"");
        }
    }

    @Test
    void aReadThatOutlivesItsDeadlineFailsTheScriptInsteadOfHanging() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .stepTimeout(Duration.ofMillis(100)).expect("EHLO").build());
                Socket s = connect(server)) {
            assertThatThrownBy(() -> server.connection(0).awaitEnd(Duration.ofSeconds(5)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("step 1 (expect 'EHLO'): script deadline passed");
        }
    }

    @Test
    void expectEofFailsWhenTheClientSendsMore() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder().expectEof().build());
                Socket s = connect(server)) {
            write(s, "QUIT\r\n");
            assertThatThrownBy(() -> server.connection(0).awaitEnd(Duration.ofSeconds(5)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("QUIT");
        }
    }

    @Test
    void stallHoldsTheConnectionUntilTheServerCloses() throws Exception {
        ScriptedServer server = ScriptedServer.start(Script.builder().send("220 hi").stall().build());
        try (Socket s = connect(server)) {
            byte[] greeting = new byte[8];
            assertThat(s.getInputStream().readNBytes(greeting, 0, 8)).isEqualTo(8);
            assertThat(server.connection(0).hasEnded()).isFalse();

            server.close();

            assertThat(server.connection(0).hasEnded()).isTrue();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void closeMidReplySendsThePartAndCloses() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder().closeMidReply("250-par").build());
                Socket s = connect(server)) {
            assertThat(readAll(s)).isEqualTo("250-par");
        }
    }

    @Test
    void halfCloseEndsTheServerOutputButKeepsReading() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder().halfClose().expect("NOOP").build());
                Socket s = connect(server)) {
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            write(s, "NOOP\r\n");
            s.shutdownOutput();
            assertThat(server.awaitEnd().expectedLines()).containsExactly("NOOP");
        }
    }

    @Test
    void resetAbortsTheConnection() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder().expect("NOOP").reset().build());
                Socket s = connect(server)) {
            write(s, "NOOP\r\n");
            InputStream in = s.getInputStream();
            assertThatThrownBy(in::read).isInstanceOf(SocketException.class).hasMessageContaining("reset");
        }
    }

    @Test
    void dripSendsEveryByte() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder().drip(Duration.ofMillis(1), "220 hi").build());
                Socket s = connect(server)) {
            s.shutdownOutput(); // lets the server's drain end at once
            assertThat(readAll(s)).isEqualTo("220 hi\r\n");
        }
    }

    @Test
    void floodWritesTheUnitUpToTheMaximum() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder().flood("250-x\r\n", 70_000).build());
                Socket s = connect(server)) {
            s.shutdownOutput();
            String all = readAll(s);
            assertThat(all).hasSize(70_000).startsWith("250-x\r\n250-x\r\n");
            assertThat(server.awaitEnd().floodedBytes()).isEqualTo(70_000);
        }
    }

    @Test
    void floodStopsQuietlyWhenTheClientHangsUp() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder().flood("A", 1L << 30).build())) {
            try (Socket s = connect(server)) {
                assertThat(s.getInputStream().readNBytes(1000)).hasSize(1000);
                s.setSoLinger(true, 0);
            }
            ScriptedConnection c = server.awaitEnd();
            assertThat(c.floodedBytes()).isLessThan(1L << 30);
        }
    }

    @Test
    void closeMidDataReadsThatManyBytesAndResets() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder().expect("DATA").closeMidData(10).build());
                Socket s = connect(server)) {
            write(s, "DATA\r\n0123456789");
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketException.class);
            assertThat(server.connection(0).awaitEnd(Duration.ofSeconds(5)).receivedText())
                    .isEqualTo("DATA\r\n0123456789");
        }
    }

    @Test
    void anyConnectionWithinTellsWhetherAClientConnected() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder().build())) {
            assertThat(server.anyConnectionWithin(Duration.ofMillis(50))).isFalse();
            try (Socket s = connect(server)) {
                assertThat(server.anyConnectionWithin(Duration.ofSeconds(5))).isTrue();
            }
        }
    }

    @Test
    void severalConnectionsPlayTheirScriptsInOrder() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder().send("220 one").build(),
                Script.builder().send("220 two").build())) {
            try (Socket a = connect(server); Socket b = connect(server)) {
                a.shutdownOutput();
                b.shutdownOutput();
                assertThat(readAll(a)).isEqualTo("220 one\r\n");
                assertThat(readAll(b)).isEqualTo("220 two\r\n");
            }
            assertThat(server.connection(1).awaitEnd(Duration.ofSeconds(5)).index()).isEqualTo(1);
        }
    }

    @Test
    void generatedContentIsDeterministicAndHashesItsNormalisedForm() throws Exception {
        GeneratedContent a = new GeneratedContent(10_000);
        GeneratedContent b = new GeneratedContent(10_000);
        byte[] bytes = a.readAllBytes();
        assertThat(bytes).hasSize(10_000).isEqualTo(b.readAllBytes());
        assertThat(bytes[bytes.length - 1]).isEqualTo((byte) '\n');
        assertThat(bytes[0]).isEqualTo((byte) '.');
        String crlf = new String(bytes, StandardCharsets.ISO_8859_1).replace("\n", "\r\n");
        byte[] expected = java.security.MessageDigest.getInstance("SHA-256")
                .digest(crlf.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(a.normalisedSha256()).isEqualTo(expected);
    }
}
