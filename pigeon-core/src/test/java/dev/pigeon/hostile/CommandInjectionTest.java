package dev.pigeon.hostile;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pigeon.client.Envelope;
import dev.pigeon.client.SmtpClient;
import dev.pigeon.protocol.Command;
import dev.pigeon.protocol.EsmtpParameter;
import dev.pigeon.protocol.Mailbox;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The library's last line: whatever a caller passes, a command with a control character in it
 * cannot be built, so it cannot reach the wire (the command line refuses earlier, with 64).
 */
class CommandInjectionTest {

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {'\r', '\n', 0, 0x1B, 0x7F, 0x85})
    void noCommandCarriesAControlCharacter(int control) {
        String c = Character.toString(control);
        assertThatThrownBy(() -> new Command.Helo("a" + c + "RSET")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Command.Ehlo("a" + c + "RSET")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmtpClient.builder().helo("client" + c + "QUIT").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Mailbox.parse("a" + c + "@example.org")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Envelope.of("ann@example.org", "bob@example.org>" + c + "RCPT TO:<victim@x.net"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EsmtpParameter.of("ENVID", "x" + c + "RSET"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EsmtpParameter.of("NOTIFY" + c, "NEVER")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Command.Auth("PLAIN" + c)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Command.Auth("PLAIN", Optional.of("AGFsaWNl" + c + "MAIL")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
