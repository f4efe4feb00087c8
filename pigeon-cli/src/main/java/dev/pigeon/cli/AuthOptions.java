package dev.pigeon.cli;

import dev.pigeon.auth.Credentials;
import dev.pigeon.auth.SaslMechanism;
import dev.pigeon.client.AuthSettings;
import java.io.PrintStream;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The AUTH options of {@code pigeon send}. The secret comes from one source (environment, file,
 * command, or a no-echo prompt on a terminal); {@code --auth-password VALUE} works but warns, since
 * the process list shows it. Credentials never go over a connection without TLS unless
 * {@code --auth-plaintext}.
 */
final class AuthOptions {
    static final String MECHANISMS = "SCRAM-SHA-256, SCRAM-SHA-1, CRAM-MD5, PLAIN, LOGIN, OAUTHBEARER, XOAUTH2";

    @Option(names = "--auth", arity = "0..1", paramLabel = "MECH", fallbackValue = "",
            description = "Authenticate (RFC 4954) with MECH (" + MECHANISMS + "), or without MECH the strongest"
                    + " both sides support. Implied by --auth-user.")
    String mechanism;

    @Option(names = "--auth-user", paramLabel = "NAME", description = "User name to authenticate as.")
    String user;

    /** At most one secret source. */
    static final class Secret {
        @Option(names = "--auth-password-env", paramLabel = "VAR",
                description = "Read the password (or token, for XOAUTH2/OAUTHBEARER) from environment variable VAR.")
        String env;

        @Option(names = "--auth-password-file", paramLabel = "FILE",
                description = "Read the password from the first line of FILE.")
        String file;

        @Option(names = "--auth-password-cmd", paramLabel = "COMMAND",
                description = "Run COMMAND with sh -c and take the first line of its output (as msmtp's"
                        + " passwordeval); its errors pass through. Without any source, a terminal prompts.")
        String command;

        @Option(names = "--auth-password", paramLabel = "VALUE",
                description = "The password itself (prints a warning: other users can see it in the process list).")
        String value;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Secret secret;

    @Option(names = "--auth-plaintext", description = "Allow credentials over a connection without TLS (any"
            + " mechanism: challenge-response ones still let an eavesdropper guess offline).")
    boolean plaintext;

    /** Whether AUTH was asked for. */
    boolean wanted() {
        return mechanism != null || user != null || secret != null;
    }

    /** Checks the options before anything is read or sent; the mechanism, when one was named. */
    Optional<SaslMechanism> checkedMechanism() {
        if (user == null) {
            throw Failure.usage("--auth needs --auth-user NAME");
        }
        Text.requireNoControls("--auth-user", user);
        if (mechanism == null || mechanism.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(SaslMechanism.byName(mechanism).orElseThrow(() -> Failure.usage(
                "--auth " + Text.oneLine(mechanism) + ": unknown mechanism; pigeon knows " + MECHANISMS)));
    }

    /** The settings, the secret fetched now (so a prompt comes before any connection). */
    AuthSettings settings(String server, PrintStream warnings) {
        Optional<SaslMechanism> named = checkedMechanism();
        boolean token = named.filter(m -> m == SaslMechanism.XOAUTH2 || m == SaslMechanism.OAUTHBEARER).isPresent();
        char[] value = SecretSource.read(secret, user, server, warnings, System::getenv);
        try {
            Credentials credentials = token ? Credentials.bearerToken(user, value) : Credentials.password(user, value);
            return new AuthSettings(credentials, named, plaintext);
        } catch (IllegalArgumentException e) {
            throw Failure.usage("--auth: " + e.getMessage());
        } finally {
            java.util.Arrays.fill(value, '\0');
        }
    }
}
