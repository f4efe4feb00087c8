package dev.pigeon.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top command: {@code pigeon <subcommand>}. Alone, it is a usage error. */
@Command(name = "pigeon", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "An SMTP toolkit: send a message and watch the dialogue, replay the classic lab"
                + " dialogue against a built-in server, or run that server.",
        footer = {
            "",
            "Examples:",
            "  pigeon demo",
            "  pigeon serve --port 2525 --maildir ./mail",
            "  pigeon send --server 127.0.0.1 --port 2525 \\",
            "      --from a@example.org --to b@example.org --subject Hi",
            "  printf 'Subject: t\\n\\nhi\\n' | pigeon sendmail -t --account work bob@example.org",
            "",
            "Accounts for send and sendmail: ~/.config/pigeon/config.toml (see 'pigeon man').",
        })
final class PigeonCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw Failure.usage("missing a command: send, sendmail, demo, serve, completion or man"
                + " (see 'pigeon --help')");
    }
}
