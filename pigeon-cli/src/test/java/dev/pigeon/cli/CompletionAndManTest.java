package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@code pigeon completion} and {@code pigeon man}: every command and option is there, and the roff is clean. */
class CompletionAndManTest {
    private static final List<String> COMMANDS = List.of("send", "sendmail", "demo", "serve", "completion", "man");

    @ParameterizedTest
    @ValueSource(strings = {"bash", "zsh"})
    void completionNamesEveryCommandAndOption(String shell) {
        Cli.Run run = Cli.run("completion", shell);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("complete -F").contains("bashcompinit");
        for (String command : COMMANDS) {
            assertThat(run.out()).contains(command);
        }
        assertThat(run.out()).contains("--json").contains("--account").contains("--msmtprc").contains("--config")
                .contains("--server").contains("--tls-ca");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "send", "sendmail", "demo", "serve", "completion", "man"})
    void everyHelpHasExamples(String command) {
        Cli.Run run = command.isEmpty() ? Cli.run("--help") : Cli.run(command, "--help");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("\nExamples:\n  ");
    }

    @Test
    void anUnknownShellIsAUsageError() {
        Cli.Run run = Cli.run("completion", "fish");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("bash and zsh");
    }

    @Test
    void manPageHasTheSectionsEveryCommandAndEveryVisibleOption() {
        Cli.Run run = Cli.run("man");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        String roff = run.out();
        assertThat(roff).startsWith(".TH PIGEON 1 ");
        for (String section : List.of("NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "EXIT STATUS", "EXAMPLES")) {
            assertThat(roff).contains("\n.SH " + section + "\n");
        }
        CommandLine root = Main.commandLine(new Io(System.out, System.err, System.in, false));
        for (String command : COMMANDS) {
            assertThat(roff).contains("\n.SS pigeon " + command + "\n");
            for (OptionSpec o : root.getSubcommands().get(command).getCommandSpec().options()) {
                if (!o.hidden()) {
                    assertThat(roff).as(command + " " + o.longestName())
                            .contains("\\fB" + o.longestName().replace("-", "\\-") + "\\fR");
                }
            }
        }
        assertThat(roff).contains("  64  usage error").contains("printf 'Subject: t\\en\\enhi\\en' | pigeon sendmail -t");
    }

    @Test
    void manPageHasNoUnescapedRoffSpecials() {
        String roff = Cli.run("man").out();
        Pattern request = Pattern.compile("\\.(TH|SH|SS|PP|TP|B|nf|fi|RS 4|RE)( .*)?");
        for (String line : roff.split("\n", -1)) {
            if (line.startsWith(".") || line.startsWith("'")) {
                assertThat(request.matcher(line).matches()).as("a line that roff would take as a request: %s", line)
                        .isTrue();
            }
            Matcher escape = Pattern.compile("\\\\(.)").matcher(line);
            while (escape.find()) {
                assertThat(escape.group(1)).as("escape in: %s", line).isIn("e", "-", "&", "f", "(");
            }
            assertThat(line.replaceAll("\\\\f[BIR]", "")).as("font changes: %s", line).doesNotContain("\\f");
        }
        assertThat(roff).doesNotContain("${DEFAULT-VALUE}");
    }
}
