package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.client.TlsMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Precedence: command-line options over the account over pigeon's defaults; selection and its errors. */
class AccountOptionsTest {
    @TempDir
    Path dir;

    private static final String CONFIG = """
            default_account = "work"
            [account.work]
            server = "smtp.work.example"
            port = 587
            tls = "starttls"
            user = "ann"
            password_env = "WORK_PW"
            from = "ann@work.example"
            helo = "laptop.work.example"
            auth = "PLAIN"
            [account.box]
            server = "box.example"
            tls = "tls-on-connect"
            """;

    /** Parses a sendmail command line (without running it) and applies the account. */
    private SendmailCommand parsed(String... args) {
        Io io = new Io(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()),
                new ByteArrayInputStream(new byte[0]), false);
        CommandLine cl = Main.commandLine(io);
        String[] all = new String[args.length + 1];
        all[0] = "sendmail";
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine.ParseResult result = cl.parseArgs(all);
        return (SendmailCommand) result.subcommand().commandSpec().userObject();
    }

    private Path config() throws IOException {
        return Files.writeString(dir.resolve("config.toml"), CONFIG);
    }

    @Test
    void theDefaultAccountFillsWhatTheCommandLineLeftOut() throws IOException {
        SendmailCommand c = parsed("--config", config().toString());
        AccountDefaults d = c.accounts.apply(c.tls, c.auth);
        assertThat(d.server(c.server)).isEqualTo("smtp.work.example");
        assertThat(d.port(c.port)).isEqualTo(587);
        assertThat(d.from(null)).isEqualTo("ann@work.example");
        assertThat(d.helo(c.helo)).isEqualTo("laptop.work.example");
        assertThat(c.tls.mode(587)).isEqualTo(TlsMode.STARTTLS_REQUIRED);
        assertThat(c.auth.user).isEqualTo("ann");
        assertThat(c.auth.secret.env).isEqualTo("WORK_PW");
        assertThat(c.auth.mechanism).isEqualTo("PLAIN");
    }

    @Test
    void commandLineOptionsWin() throws IOException {
        SendmailCommand c = parsed("--config", config().toString(), "--server", "other.example", "--port", "25",
                "--helo", "me.example", "--no-tls", "--auth-user", "bob", "--auth", "LOGIN");
        AccountDefaults d = c.accounts.apply(c.tls, c.auth);
        assertThat(d.server(c.server)).isEqualTo("other.example");
        assertThat(d.port(c.port)).isEqualTo(25); // given explicitly, though it equals the default
        assertThat(d.helo(c.helo)).isEqualTo("me.example");
        assertThat(c.tls.mode(25)).isEqualTo(TlsMode.NONE);
        assertThat(c.auth.user).isEqualTo("bob");
        assertThat(c.auth.secret).as("the account's secret belongs to its own user").isNull();
        assertThat(c.auth.mechanism).isEqualTo("LOGIN");
    }

    @Test
    void accountSelectsAnotherAndTlsOnConnectMeansPort465() throws IOException {
        SendmailCommand c = parsed("--config", config().toString(), "--account", "box");
        AccountDefaults d = c.accounts.apply(c.tls, c.auth);
        assertThat(d.server(null)).isEqualTo("box.example");
        assertThat(d.port(c.port)).isEqualTo(465);
        assertThat(c.tls.mode(465)).isEqualTo(TlsMode.IMPLICIT);
        assertThat(c.auth.wanted()).isFalse();
    }

    @Test
    void noDefaultFileMeansNoAccount() {
        SendmailCommand c = parsed();
        c.accounts.env = Map.of("HOME", dir.toString())::get;
        AccountDefaults d = c.accounts.apply(c.tls, c.auth);
        assertThat(d.account()).isNull();
        assertThat(d.server(null)).isNull();
        assertThat(d.port(25)).isEqualTo(25);
    }

    @Test
    void theXdgDefaultFileIsRead() throws IOException {
        Files.createDirectories(dir.resolve("xdg/pigeon"));
        Files.writeString(dir.resolve("xdg/pigeon/config.toml"), CONFIG);
        SendmailCommand c = parsed();
        c.accounts.env = Map.of("HOME", dir.toString(), "XDG_CONFIG_HOME", dir.resolve("xdg").toString())::get;
        assertThat(c.accounts.apply(c.tls, c.auth).server(null)).isEqualTo("smtp.work.example");
    }

    @Test
    void msmtprcIsReadWhenAsked() throws IOException {
        Files.writeString(dir.resolve(".msmtprc"), "account m\nhost mail.example\nport 2500\nfrom m@example.org\n"
                + "account default : m\n");
        SendmailCommand c = parsed("--msmtprc");
        c.accounts.env = Map.of("HOME", dir.toString())::get;
        AccountDefaults d = c.accounts.apply(c.tls, c.auth);
        assertThat(d.server(null)).isEqualTo("mail.example");
        assertThat(d.port(25)).isEqualTo(2500);
    }

    @Test
    void errorsHaveTheirExitStatuses() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.toml"), "[account.a]\nport = \"x\"\n");
        Cli.Run malformed = Cli.run("sendmail", "--config", bad.toString(), "a@example.org");
        assertThat(malformed.exitCode()).isEqualTo(ExitCodes.DATAERR);
        assertThat(malformed.err()).isEqualTo("pigeon: " + bad + ":2: port must be an integer, not a string\n");

        Cli.Run unknown = Cli.run("sendmail", "--config", config().toString(), "--account", "nope", "a@example.org");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("--account nope: no such account").contains("(accounts: work, box)");

        Cli.Run both = Cli.run("sendmail", "--config", config().toString(), "--msmtprc", "x", "a@example.org");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);

        Cli.Run missing = Cli.run("send", "--config", dir.resolve("missing.toml").toString(), "--server", "h",
                "--to", "b@example.org");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.DATAERR);
        assertThat(missing.err()).contains("missing.toml: no such file");
    }

    @Test
    void sendNeedsAFromFromSomewhere() throws IOException {
        Path noFrom = Files.writeString(dir.resolve("c.toml"), "[account.default]\nserver = \"127.0.0.1\"\n",
                StandardCharsets.UTF_8);
        Cli.Run run = Cli.run("send", "--config", noFrom.toString(), "--to", "b@example.org");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("missing --from");
    }
}
