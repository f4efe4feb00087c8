package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Help, version and command-line errors: all decided before any connection is made. */
class UsageTest {
    /** A port nothing listens on; these commands must fail before they would connect. */
    private static final String[] SERVER = {"--server", "127.0.0.1", "--port", "9"};

    @Test
    void topHelpListsCommandsAndExitStatuses() {
        Cli.Run run = Cli.run("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("send", "demo", "serve", "Exit status:", "  64  usage error",
                "  76  protocol error");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void sendHelpListsEveryOptionAndExitStatuses() {
        Cli.Run run = Cli.run("send", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--server", "--port", "--from", "--to", "--helo", "--protocol",
                "--subject", "--header", "--body", "--data", "--timeout", "--quit-after", "--show",
                "--show-data", "--strict-recipients", "Exit status:", "  67  every recipient was refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "send", "demo", "serve"})
    void versionEverywhere(String command) {
        Cli.Run run = command.isEmpty() ? Cli.run("--version") : Cli.run(command, "--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("pigeon ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "serve"})
    void helpEverywhere(String command) {
        Cli.Run run = Cli.run(command, "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: pigeon " + command);
    }

    @Test
    void noCommandIsAUsageError() {
        assertOneLineUsageError(Cli.run(), "missing a command");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertOneLineUsageError(send("--frobnicate"), "--frobnicate");
    }

    @Test
    void emptyServerIsAUsageError() {
        // (No --server at all means MX delivery, which would ask DNS: tests never do that.)
        assertOneLineUsageError(Cli.run("send", "--server", " ", "--from", "a@example.org", "--to", "b@example.org"),
                "--server");
    }

    @Test
    void missingRecipientIsAUsageError() {
        assertOneLineUsageError(Cli.run("send", "--server", "127.0.0.1", "--from", "a@example.org"), "--to");
    }

    @Test
    void dataExcludesComposingOptions() {
        assertOneLineUsageError(send("--data", "-", "--body", "hi"), "--data");
        assertOneLineUsageError(send("--data", "-", "--subject", "hi"), "--data");
        assertOneLineUsageError(send("--data", "-", "--header", "X-A: b"), "--data");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "abc", "1e9"})
    void timeoutMustBePositiveSeconds(String value) {
        assertOneLineUsageError(send("--timeout", value), "--timeout");
    }

    @Test
    void badEnumeratedValuesAreUsageErrors() {
        assertOneLineUsageError(send("--quit-after", "lunch"), "lunch");
        assertOneLineUsageError(send("--protocol", "uucp"), "uucp");
        assertOneLineUsageError(send("--show", "some"), "some");
        assertOneLineUsageError(Cli.run("send", "--server", "h", "--port", "70000", "--from", "a@b.c", "--to", "d@e.f"),
                "70000");
    }

    @Test
    void controlCharactersInArgumentsAreUsageErrors() {
        assertOneLineUsageError(Cli.run("send", "--server", "127.0.0.1", "--port", "9",
                "--from", "a@example.org\r\nRCPT TO:<x@evil.test>", "--to", "b@example.org"), "CR");
        assertOneLineUsageError(send("--subject", "hi\nBcc: x@evil.test"), "LF");
        assertOneLineUsageError(send("--helo", "x\u001b"), "\\x1B");
    }

    @Test
    void invalidAddressIsBadInput() {
        Cli.Run run = Cli.run("send", "--server", "127.0.0.1", "--port", "9", "--from", "a@example.org",
                "--to", "not an address");
        assertOneLine(run, ExitCodes.DATAERR, "not an address");
    }

    @Test
    void unreadableFilesAreBadInput() {
        assertOneLine(send("--body", "@/nonexistent/pigeon-body.txt"), ExitCodes.DATAERR, "no such file");
        assertOneLine(send("--data", "/nonexistent/pigeon.eml"), ExitCodes.DATAERR, "no such file");
    }

    @Test
    void malformedHeaderIsBadInput() {
        assertOneLine(send("--header", "NoColonHere"), ExitCodes.DATAERR, "Name: value");
        assertOneLine(send("--header", "Bad Name: x"), ExitCodes.DATAERR, "header name");
        assertOneLine(send("--header", "MIME-Version: 2.0"), ExitCodes.DATAERR, "MIME-Version");
    }

    private static Cli.Run send(String... more) {
        String[] base = {"send", SERVER[0], SERVER[1], SERVER[2], SERVER[3], "--from", "a@example.org", "--to", "b@example.org"};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return Cli.run(args);
    }

    private static void assertOneLineUsageError(Cli.Run run, String mentions) {
        assertOneLine(run, ExitCodes.USAGE, mentions);
    }

    private static void assertOneLine(Cli.Run run, int exitCode, String mentions) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(exitCode);
        assertThat(run.out()).as(run.toString()).isEmpty();
        assertThat(run.err()).as(run.toString()).startsWith("pigeon: ").contains(mentions).endsWith("\n");
        assertThat(run.err().lines().count()).as(run.toString()).isEqualTo(1);
    }
}
