package dev.pigeon.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pigeon.tls.ClientTls;
import dev.pigeon.tls.TlsSettings;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Connection#upgradeToTls} refuses bytes that arrived after the STARTTLS reply, read or not. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectionTlsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void bytesStillInTheSocketAfterTheReplyAreRefused() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(listener.getInetAddress(), listener.getLocalPort());
             Socket server = listener.accept()) {
            Connection connection = Connection.over(client, WAIT);
            OutputStream out = server.getOutputStream();
            out.write("220 go ahead\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(connection.readReply(WAIT).code()).isEqualTo(220);
            assertThat(connection.bufferedInput()).isZero();

            // A second segment, after the reply was read: only the socket knows of it.
            out.write("250 x\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (client.getInputStream().available() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }

            ClientTls tls = ClientTls.create(TlsSettings.builder().insecure().build());
            assertThatThrownBy(() -> connection.upgradeToTls(tls, "localhost", 25, WAIT))
                    .isInstanceOfSatisfying(DataAfterStartTlsException.class, e -> {
                        assertThat(e.bytes()).isEqualTo(7);
                        assertThat(e.getMessage()).startsWith("server sent data after its STARTTLS reply");
                    });
            assertThat(connection.isTls()).isFalse();
            // Nothing was sent towards the server: no ClientHello.
            assertThat(server.getInputStream().available()).isZero();
        }
    }
}
