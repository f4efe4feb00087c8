package dev.pigeon.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pigeon.testing.Script;
import dev.pigeon.testing.ScriptedServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectorTest {
    private static final Connector CONNECTOR = new Connector(Timeouts.uniform(Duration.ofSeconds(5)));

    /** A port that was just free: bound, then released. */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static boolean hasIpv6Loopback() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void closedPortIsConnectExceptionAndTheAttemptIsReported() throws Exception {
        int port = closedPort();
        List<String> attempts = new ArrayList<>();
        assertThatThrownBy(() -> CONNECTOR.connect("127.0.0.1", port, new Connector.Attempts() {
            @Override
            public void connecting(InetSocketAddress address) {
                attempts.add("connecting " + address.getPort());
            }

            @Override
            public void connectFailed(InetSocketAddress address, IOException cause) {
                attempts.add("failed " + cause.getClass().getSimpleName());
            }
        })).isInstanceOf(ConnectException.class).hasMessageContaining("127.0.0.1:" + port);
        assertThat(attempts).containsExactly("connecting " + port, "failed ConnectException");
    }

    @Test
    void portOutOfRangeIsMisuse() {
        assertThatThrownBy(() -> CONNECTOR.connect("127.0.0.1", 0, new Connector.Attempts() {}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CONNECTOR.connect("127.0.0.1", 65536, new Connector.Attempts() {}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyBracketsAreAnUnknownHost() {
        assertThatThrownBy(() -> CONNECTOR.connect("[]", 25, new Connector.Attempts() {}))
                .isInstanceOf(UnknownHostException.class);
    }

    @Test
    void ipv4LiteralConnects() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.builder().send("220 v4").build());
                Connection c = CONNECTOR.connect("127.0.0.1", server.port(), new Connector.Attempts() {})) {
            assertThat(c.readReply(Duration.ofSeconds(5)).lines()).containsExactly("220 v4");
            assertThat(c.remoteAddress().getPort()).isEqualTo(server.port());
        }
    }

    /** "localhost" may resolve to ::1 first; a server on 127.0.0.1 alone is still reached. */
    @Test
    void aNameWithSeveralAddressesTriesEachInTurn() throws Exception {
        List<String> attempts = new ArrayList<>();
        try (ScriptedServer server = ScriptedServer.start(Script.builder().send("220 v4").build());
                Connection c = CONNECTOR.connect("localhost", server.port(), new Connector.Attempts() {
                    @Override
                    public void connecting(InetSocketAddress address) {
                        attempts.add(address.getAddress().getHostAddress());
                    }
                })) {
            assertThat(c.readReply(Duration.ofSeconds(5)).lines()).containsExactly("220 v4");
            assertThat(attempts).last().isEqualTo("127.0.0.1");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"::1", "[::1]"})
    void ipv6LiteralWithOrWithoutBracketsConnects(String host) throws Exception {
        assumeTrue(hasIpv6Loopback(), "no IPv6 loopback on this machine");
        try (ScriptedServer server = ScriptedServer.builder().bind(InetAddress.getByName("::1"))
                .script(Script.builder().send("220 v6").build()).start();
                Connection c = CONNECTOR.connect(host, server.port(), new Connector.Attempts() {})) {
            assertThat(c.readReply(Duration.ofSeconds(5)).lines()).containsExactly("220 v6");
            assertThat(c.remoteAddress().getAddress()).isInstanceOf(Inet6Address.class);
        }
    }
}
