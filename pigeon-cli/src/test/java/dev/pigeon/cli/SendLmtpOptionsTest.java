package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.client.Protocol;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** {@code --protocol lmtp} and {@code --socket}: parsing, the LMTP port default, and what excludes what. */
class SendLmtpOptionsTest {
    private static final String[] ENVELOPE = {"--from", "a@x.test", "--to", "b@y.test"};

    private static ParseResult parsed(String... args) {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        Io io = new Io(sink, sink, new ByteArrayInputStream(new byte[0]), false);
        CommandLine cl = Main.commandLine(io);
        String[] all = new String[args.length + ENVELOPE.length + 1];
        all[0] = "send";
        System.arraycopy(ENVELOPE, 0, all, 1, ENVELOPE.length);
        System.arraycopy(args, 0, all, 1 + ENVELOPE.length, args.length);
        return cl.parseArgs(all).subcommand();
    }

    private static SendCommand command(ParseResult parsed) {
        return (SendCommand) parsed.commandSpec().userObject();
    }

    @Test
    void lmtpIsAProtocolAnyCase() {
        assertThat(command(parsed("--server", "h", "--protocol", "LMTP")).protocol).isEqualTo(Protocol.LMTP);
    }

    @ParameterizedTest
    @CsvSource({
        "lmtp,  '',   24",
        "lmtp,  2424, 2424",
        "lmtp,  25,   25",
        "esmtp, '',   25",
    })
    void lmtpWithoutAPortUses24(String protocol, String port, int expected) {
        String[] args = port.isEmpty() ? new String[] {"--server", "h", "--protocol", protocol}
                : new String[] {"--server", "h", "--protocol", protocol, "--port", port};
        ParseResult p = parsed(args);
        SendCommand c = command(p);

        assertThat(SendTarget.checkedPort(p, c.socket, c.protocol, c.port, c.tls)).isEqualTo(expected);
    }

    @Test
    void socketParsesAsAPath() {
        assertThat(command(parsed("--socket", "/run/dovecot/lmtp", "--protocol", "lmtp")).socket)
                .isEqualTo(Path.of("/run/dovecot/lmtp"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--server 127.0.0.1                 | --socket and --server cannot be combined",
        "--port 24                          | --socket and --port cannot be combined",
        "--dns-server 127.0.0.1:53          | --socket and --dns-server cannot be combined",
        "--tls                              | a unix-domain socket (--socket) has no TLS",
        "--tls-on-connect                   | a unix-domain socket (--socket) has no TLS",
    })
    void socketExcludesOtherTargetsAndTls(String extra, String message) {
        String[] args = ("send --from a@x.test --to b@y.test --protocol lmtp --socket /nonexistent/lmtp " + extra)
                .split(" +");
        Cli.Run run = Cli.run(args);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("pigeon: " + message);
    }

    @Test
    void helpNamesLmtpAndTheSocket() {
        Cli.Run run = Cli.run("send", "--help");

        assertThat(run.out()).contains("--socket=PATH", "smtp|esmtp|lmtp", "24 with --protocol lmtp",
                "--protocol lmtp --socket /run/dovecot/lmtp");
    }
}
