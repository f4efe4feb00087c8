package dev.pigeon.cli.hostile;

import static dev.pigeon.cli.hostile.HostileSend.assertPrintedSafely;
import static dev.pigeon.cli.hostile.HostileSend.assertPrintedSafelyInOneErrorLine;
import static dev.pigeon.cli.hostile.HostileSend.assertTookLessThan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.testing.Dialogue;
import dev.pigeon.testing.ScriptedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the user types can never become a second command or header: a control character in any
 * option that reaches the wire is a usage error (64), an address over RFC 5321's limits or text the
 * charset cannot carry is bad input (65), and in both cases not one connection is made.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UserInputIT {
    /** CR and LF end lines; NUL ends C strings; ESC, DEL and C1 NEL are controls too. */
    private static final List<String> CONTROLS = List.of("\r", "\n", "\u0000", "\u001b", "\u007f", "\u0085");

    /** Every option whose value reaches a command line or a header, with a harmless value to spoil. */
    private static final List<List<String>> OPTIONS = List.of(
            List.of("--from", "ann@example.org"),
            List.of("--to", "carl@example.org"),
            List.of("--cc", "cc@example.org"),
            List.of("--bcc", "bcc@example.org"),
            List.of("--reply-to", "reply@example.org"),
            List.of("--helo", "client.example.org"),
            List.of("--subject", "Hello"),
            List.of("--header", "X-Note: fine"),
            List.of("--auth-user", "alice"),
            List.of("--tls-sni", "mail.example.org"));

    static Stream<Arguments> everyOptionWithEveryControl() {
        List<Arguments> cases = new ArrayList<>();
        for (List<String> option : OPTIONS) {
            for (String control : CONTROLS) {
                String value = option.get(1);
                int middle = value.indexOf('@') > 0 ? value.indexOf('@') : value.length() / 2;
                String spoiled = value.substring(0, middle) + control + "RCPT TO:<victim@example.net>"
                        + value.substring(middle);
                cases.add(Arguments.of(option.getFirst(), String.format("U+%04X", (int) control.charAt(0)), spoiled));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("everyOptionWithEveryControl")
    void aControlCharacterInAnyOptionIs64AndNothingConnects(String option, String which, String value) {
        try (ScriptedServer server = ScriptedServer.start(Dialogue.delivering().build())) {
            List<String> extra = new ArrayList<>(List.of(option, value));
            if (option.equals("--auth-user")) {
                extra.addAll(List.of("--auth-password-env", "PIGEON_HOSTILE_UNSET", "--auth-plaintext"));
            }
            HostileSend.Run run = HostileSend.sendTo(server, extra.toArray(String[]::new));

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(64);
            assertPrintedSafelyInOneErrorLine(run);
            assertThat(run.err()).startsWith("pigeon: " + option + " contains a control character");
            assertThat(run.out()).isEmpty();
            assertTookLessThan(run, Duration.ZERO);
            assertThat(run.connection()).as("no connection at all").isNull();
        }
    }

    /** RFC 5321 4.5.3.1: local part 64, domain 255, path 256 octets; a DNS label 63. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "--to, local part longer than 64",
        "--from, local part longer than 64",
        "--to, domain longer than 255",
        "--to, path longer than 256",
        "--from, label longer than 63",
    })
    void addressesOverTheLimitsAre65AndNothingConnects(String option, String what) {
        String address = switch (what) {
            case "local part longer than 64" -> "a".repeat(65) + "@example.org";
            case "domain longer than 255" -> "a@" + ("b".repeat(60) + ".").repeat(4) + "c".repeat(20) + ".org";
            case "path longer than 256" -> "a".repeat(64) + "@" + ("b".repeat(60) + ".").repeat(3) + "c".repeat(10)
                    + ".org";
            default -> "a@" + "b".repeat(64) + ".org";
        };
        try (ScriptedServer server = ScriptedServer.start(Dialogue.delivering().build())) {
            HostileSend.Run run = HostileSend.sendTo(server, option, address);

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(65);
            assertPrintedSafelyInOneErrorLine(run);
            assertThat(run.err()).startsWith("pigeon: ");
            assertTookLessThan(run, Duration.ZERO);
            assertThat(run.connection()).as("no connection at all").isNull();
        }
    }

    /** At the limits exactly, the address goes through unchanged. */
    @org.junit.jupiter.api.Test
    void anAddressAtTheLimitsIsSentAsIs() {
        String local = "a".repeat(64);
        String domain = ("b".repeat(63) + ".").repeat(2) + "c".repeat(50) + ".org";
        String address = local + "@" + domain;
        HostileSend.Run run = HostileSend.send(Dialogue.upTo(dev.pigeon.client.Stage.RCPT).send("250 ok")
                .expect("RCPT TO:").send("250 ok").expect("DATA").send("354 go").expectData().send("250 queued")
                .expect("QUIT").send("221 bye").build(), "--to", address);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertPrintedSafely(run);
        assertTookLessThan(run, Duration.ZERO);
        assertThat(run.wireLines()).contains("RCPT TO:<" + address + ">");
    }
}
