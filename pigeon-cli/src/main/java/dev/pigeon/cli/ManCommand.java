package dev.pigeon.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pigeon man}: prints the man page (roff), generated from the same definitions as --help. */
@Command(name = "man", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        header = "Print pigeon's man page (roff).",
        description = {
            "Prints the manual page for every command, in roff, generated from the same definitions"
                    + " as --help.",
            "",
        },
        footer = {
            "",
            "Examples:",
            "  pigeon man | man -l -",
            "  pigeon man > ~/.local/share/man/man1/pigeon.1",
        })
final class ManCommand implements Callable<Integer> {
    private final Io io;

    @Spec
    CommandSpec spec;

    ManCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        io.out().print(ManPage.of(spec.root()));
        io.out().flush();
        return ExitCodes.OK;
    }
}
