package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.protocol.Mailbox;
import dev.pigeon.server.ClientInfo;
import dev.pigeon.server.ReceivedEnvelope;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The check behind {@code pigeon demo}'s exit status 70. */
class DemoDifferencesTest {
    private static final ClientInfo CLIENT = new ClientInfo(new InetSocketAddress("127.0.0.1", 40000), "aut.uah.es", false);

    private static ReceivedEnvelope envelope(String from, String... to) {
        return new ReceivedEnvelope(CLIENT, Mailbox.parse(from), List.of(to).stream().map(Mailbox::parse).toList(), 32);
    }

    @Test
    void sameEnvelopeAndBytesMeansNoDifference() {
        assertThat(DemoCommand.differences(envelope(DemoCommand.FROM, DemoCommand.TO), DemoCommand.content())).isEmpty();
        assertThat(new String(DemoCommand.content(), StandardCharsets.US_ASCII)).isEqualTo("See you soon\r\nNice to meet you\r\n");
    }

    @Test
    void everyDifferenceIsNamedWithEscapedBytes() {
        byte[] changed = "See you soon\r\nNice to meet \u001byou\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(DemoCommand.differences(envelope("x@aut.uah.es", DemoCommand.TO, "y@aut.uah.es"), changed))
                .containsExactly(
                        "envelope sender is <x@aut.uah.es>, not <arqredes@aut.uah.es>",
                        "envelope recipients are [correo_profesor@aut.uah.es, y@aut.uah.es], not [correo_profesor@aut.uah.es]",
                        "content differs: sent 32 bytes \"See you soon\\x0D\\x0ANice to meet you\\x0D\\x0A\", received 33 bytes"
                                + " \"See you soon\\x0D\\x0ANice to meet \\x1Byou\\x0D\\x0A\"");
    }
}
