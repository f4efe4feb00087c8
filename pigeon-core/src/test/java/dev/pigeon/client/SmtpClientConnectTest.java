package dev.pigeon.client;

import static dev.pigeon.client.ClientFixtures.sendLab;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pigeon.client.SendResult.Outcome;
import dev.pigeon.testing.RecordingListener;
import dev.pigeon.testing.Script;
import dev.pigeon.testing.ScriptedServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SmtpClientConnectTest {

    @Test
    void closedPortFailsAtConnectWithConnectException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RecordingListener events = new RecordingListener();
        SmtpClient client = ClientFixtures.client(Protocol.ESMTP, events).build();

        SessionException e = catchThrowableOfType(SessionException.class, () -> client.send("127.0.0.1", port,
                ClientFixtures.labEnvelope(), ClientFixtures.labMessage()));

        assertThat(e.stage()).isEqualTo(Stage.CONNECT);
        assertThat(e.getCause()).isInstanceOf(ConnectException.class);
        assertThat(e.possiblyDelivered()).isFalse();
        assertThat(events.events()).containsExactly("connecting", "connect failed: ConnectException");
    }

    @ParameterizedTest
    @ValueSource(strings = {"::1", "[::1]"})
    void ipv6LoopbackLiteral(String host) throws Exception {
        assumeTrue(hasIpv6Loopback(), "no IPv6 loopback on this machine");
        try (ScriptedServer server = ScriptedServer.builder().bind(InetAddress.getByName("::1"))
                .script(Script.acceptingOneMessage("EHLO ", 1).build()).start()) {
            SendResult result = ClientFixtures.client(Protocol.ESMTP).send(host, server.port(),
                    ClientFixtures.labEnvelope(), ClientFixtures.labMessage());

            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(server.receivedLines()).first().isEqualTo("EHLO aut.uah.es");
        }
    }

    @Test
    void sendsToTheScriptedServerByItsHostLiteral() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Script.acceptingOneMessage("HELO ", 1).build())) {
            assertThat(sendLab(ClientFixtures.client(Protocol.SMTP), server).outcome()).isEqualTo(Outcome.DELIVERED);
        }
    }

    private static boolean hasIpv6Loopback() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
