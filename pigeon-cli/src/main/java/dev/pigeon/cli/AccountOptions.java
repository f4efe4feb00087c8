package dev.pigeon.cli;

import dev.pigeon.cli.config.Account;
import dev.pigeon.cli.config.ConfigException;
import dev.pigeon.cli.config.ConfigPaths;
import dev.pigeon.cli.config.MsmtpRc;
import dev.pigeon.cli.config.PigeonConfig;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --config FILE}, {@code --account NAME} and {@code --msmtprc [FILE]}: where a command's
 * server, TLS, AUTH and sender settings come from when the command line does not give them.
 *
 * <p>Precedence, highest first: an option on the command line; the selected account; pigeon's
 * defaults. The account comes from {@code --msmtprc} when given (msmtp's file, its {@code account
 * default} unless {@code --account}), else from {@code --config FILE} or the default
 * {@code $XDG_CONFIG_HOME/pigeon/config.toml} ({@code default_account} unless {@code --account}).
 * A missing default file means no account; a missing named file is bad input (65), as is a
 * malformed one; an unknown account is a usage error (64).
 */
final class AccountOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Read accounts from FILE instead of $XDG_CONFIG_HOME/pigeon/config.toml"
                    + " (~/.config/pigeon/config.toml).")
    Path config;

    @Option(names = "--account", paramLabel = "NAME",
            description = "Use this account of the configuration (default: its default_account).")
    String account;

    @Option(names = "--msmtprc", arity = "0..1", paramLabel = "FILE", fallbackValue = "",
            description = "Take the account from an msmtp configuration (default ~/.msmtprc): its 'account"
                    + " default', or --account NAME.")
    String msmtprc;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** Reads the environment; tests replace it. */
    UnaryOperator<String> env = System::getenv;

    /** The account to use, if any; reads the file now (no connection has been made yet). */
    Optional<Account> resolve() {
        if (msmtprc != null && config != null) {
            throw Failure.usage("--msmtprc and --config both name where accounts come from; give one");
        }
        if (account != null) {
            Text.requireNoControls("--account", account);
        }
        Path home = ConfigPaths.home(env);
        try {
            if (msmtprc != null) {
                Path file = msmtprc.isEmpty() ? ConfigPaths.msmtprc(env) : Path.of(msmtprc);
                MsmtpRc.Accounts accounts = MsmtpRc.parse(file.toString(), read(file, true), home);
                return selected(accounts.select(account), file, accounts.known(), true);
            }
            Path file = config != null ? config : ConfigPaths.pigeonConfig(env);
            String text = read(file, config != null);
            if (text == null) {
                if (account != null) {
                    throw Failure.usage("--account " + Text.oneLine(account) + ": there is no config file ("
                            + Text.oneLine(file.toString()) + " does not exist)");
                }
                return Optional.empty();
            }
            PigeonConfig parsed = PigeonConfig.parse(file.toString(), text, home);
            return selected(parsed.select(account), file, known(parsed), false);
        } catch (ConfigException e) {
            throw Failure.badInput(e.getMessage());
        }
    }

    /**
     * Resolves the account and applies it to the TLS and AUTH options the command line left
     * unset; the returned defaults fill the rest (server, port, sender, HELO name).
     */
    AccountDefaults apply(TlsOptions tls, AuthOptions auth) {
        Optional<Account> chosen = resolve();
        chosen.ifPresent(a -> AccountDefaults.applyTls(a, tls));
        chosen.ifPresent(a -> AccountDefaults.applyAuth(a, auth));
        return new AccountDefaults(chosen.orElse(null), given("--port"));
    }

    /** Whether the option was on the command line (picocli's defaults look the same as given values). */
    private boolean given(String option) {
        return mixee != null && mixee.commandLine() != null
                && mixee.commandLine().getParseResult() != null
                && mixee.commandLine().getParseResult().hasMatchedOption(option);
    }

    private Optional<Account> selected(Optional<Account> found, Path file, String known, boolean msmtp) {
        if (found.isPresent() || account == null) {
            if (found.isEmpty() && msmtp) {
                throw Failure.usage("--msmtprc: " + Text.oneLine(file.toString()) + " has no 'account default';"
                        + " name one with --account" + known);
            }
            return found;
        }
        throw Failure.usage("--account " + Text.oneLine(account) + ": no such account in "
                + Text.oneLine(file.toString()) + known);
    }

    private static String known(PigeonConfig config) {
        return config.accounts().isEmpty() ? " (no accounts)"
                : " (accounts: " + String.join(", ", config.accounts().keySet()) + ")";
    }

    /** The file as UTF-8 text; null when an optional file does not exist. */
    private static String read(Path file, boolean required) throws ConfigException {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (NoSuchFileException e) {
            if (!required) {
                return null;
            }
            throw new ConfigException(file.toString(), 0, "no such file");
        } catch (CharacterCodingException e) {
            throw new ConfigException(file.toString(), 0, "not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, "cannot read: " + e.getMessage());
        }
    }
}
