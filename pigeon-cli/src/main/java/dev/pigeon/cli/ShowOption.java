package dev.pigeon.cli;

import picocli.CommandLine.Option;

/** {@code --show all|server|none}, shared by the commands that print a transcript. */
final class ShowOption {
    @Option(names = "--show", paramLabel = "all|server|none", defaultValue = "all",
            description = "What to print on standard output: the whole transcript (all, the default),"
                    + " only the server's reply lines exactly as received (server), or nothing (none)."
                    + " Errors always go to standard error.")
    Show show = Show.ALL;
}
