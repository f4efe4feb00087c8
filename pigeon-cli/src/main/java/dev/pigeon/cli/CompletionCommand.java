package dev.pigeon.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pigeon completion bash|zsh}: prints a completion script for every command and option.
 * picocli generates it for bash; the same script sets up zsh through {@code bashcompinit}.
 */
@Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        header = "Print a shell completion script (bash or zsh).",
        description = {
            "Prints a script that completes pigeon's commands and options. It works in bash and, through"
                    + " bashcompinit, in zsh.",
            "",
        },
        footer = {
            "",
            "Examples:",
            "  source <(pigeon completion bash)            # this bash session",
            "  pigeon completion bash > ~/.local/share/bash-completion/completions/pigeon",
            "  echo 'source <(pigeon completion zsh)' >> ~/.zshrc",
        })
final class CompletionCommand implements Callable<Integer> {
    private final Io io;

    @Parameters(paramLabel = "SHELL", arity = "0..1", defaultValue = "bash", description = "bash (default) or zsh.")
    String shell;

    @Spec
    CommandSpec spec;

    CompletionCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw Failure.usage("completion " + Text.oneLine(shell) + ": pigeon writes completion for bash and zsh");
        }
        io.out().print(script(spec.root()));
        io.out().flush();
        return ExitCodes.OK;
    }

    /** The script for the whole command tree; picocli's already starts bashcompinit under zsh. */
    static String script(CommandSpec root) {
        return AutoComplete.bash(root.name(), root.commandLine());
    }
}
