package dev.pigeon.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** config.toml: the TOML subset, the account keys, and every error naming file and line. */
class PigeonConfigTest {
    private static final Path HOME = Path.of("/home/ann");

    private static PigeonConfig parse(String text) throws ConfigException {
        return PigeonConfig.parse("cfg.toml", text, HOME);
    }

    @Test
    void aFullAccount() throws ConfigException {
        PigeonConfig c = parse("""
                # pigeon accounts
                default_account = "work"   # the usual one

                [account.work]
                server = "smtp.example.org"
                port = 587
                tls = "starttls"
                tls_ca = "~/ca.pem"
                user = 'ann'
                password_cmd = "pass show \\"mail\\"\\u00e9"
                from = "Ann <ann@example.org>"
                helo = "laptop.example.org"
                auth = "auto"

                [account."home box"]
                server = "127.0.0.1"
                port = 2_525
                tls = "none"
                password_env = "PW"
                user = "a"
                """);
        assertThat(c.defaultAccount()).contains("work");
        Account work = c.select(null).orElseThrow();
        assertThat(work.name()).isEqualTo("work");
        assertThat(work.origin()).isEqualTo("cfg.toml:4");
        assertThat(work.server()).isEqualTo("smtp.example.org");
        assertThat(work.port()).isEqualTo(587);
        assertThat(work.tls()).isEqualTo(Account.TlsChoice.STARTTLS);
        assertThat(work.tlsCa()).containsExactly(Path.of("/home/ann/ca.pem"));
        assertThat(work.user()).isEqualTo("ann");
        assertThat(work.password()).isEqualTo(new Account.PasswordSource(Account.PasswordSource.Kind.COMMAND,
                "pass show \"mail\"\u00e9"));
        assertThat(work.from()).isEqualTo("Ann <ann@example.org>");
        assertThat(work.helo()).isEqualTo("laptop.example.org");
        assertThat(work.auth()).isEqualTo("auto");
        Account home = c.select("home box").orElseThrow();
        assertThat(home.port()).isEqualTo(2525);
        assertThat(home.tls()).isEqualTo(Account.TlsChoice.NONE);
        assertThat(home.password().kind()).isEqualTo(Account.PasswordSource.Kind.ENV);
        assertThat(c.select("nope")).isEmpty();
    }

    @Test
    void withoutDefaultAccountTheOneCalledDefaultIsUsed() throws ConfigException {
        assertThat(parse("[account.default]\nserver = \"a\"\n").select(null).map(Account::server)).contains("a");
        assertThat(parse("[account.other]\nserver = \"a\"\n").select(null)).isEmpty();
        assertThat(parse("").accounts()).isEmpty();
    }

    @Test
    void crlfLineEndingsAndEmptyParentTable() throws ConfigException {
        PigeonConfig c = parse("[account]\r\n[account.x]\r\nserver = \"h\"\r\nport = 25\r\n");
        assertThat(c.accounts()).containsOnlyKeys("x");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            server = "a"                                  | 1 | unknown key 'server' at the top level
            [account.a]@server = 'x                       | 2 | unterminated string
            [account.a]@server = "x                       | 2 | unterminated string
            [account.a]@server = "\\q"                     | 2 | unknown escape
            [account.a]@server = "\\uD800"                 | 2 | not a Unicode scalar value
            [account.a]@port = "25"                       | 2 | port must be an integer, not a string
            [account.a]@port = 70000                      | 2 | port 70000 is out of range
            [account.a]@port = 025                        | 2 | unsupported value '025'
            [account.a]@port = 2.5                        | 2 | unsupported value '2.5'
            [account.a]@tls = "yes"                       | 2 | is not one of starttls, tls-on-connect, optional, none
            [account.a]@tls_insecure = "no"               | 2 | tls_insecure must be true or false
            [account.a]@server = ["a"]                    | 2 | arrays are not supported
            [account.a]@server = { a = 1 }                | 2 | inline tables are not supported
            [account.a]@server = \"\"\"a\"\"\"            | 2 | multi-line strings are not supported
            [account.a]@server.name = "a"                 | 2 | dotted keys are not supported
            [account.a]@server "a"                        | 2 | expected '=' after key 'server'
            [account.a]@server =                          | 2 | missing value
            [account.a]@server = "a" extra                | 2 | unexpected 'extra' at the end of the line
            [account.a]@server = "a"@server = "b"         | 3 | key 'server' is set twice (first on line 2)
            [account.a]@[account.a]                       | 2 | table [account.a] is defined twice (first on line 1)
            [[account]]                                   | 1 | arrays of tables
            [account.a                                    | 1 | missing ']'
            [mail]                                        | 1 | unknown table [mail]
            [account.a.b]                                 | 1 | unknown table [account.a.b]
            [account.a]@colour = "red"                    | 2 | unknown key 'colour' in [account.a]
            [account.a]@password = "hunter2"              | 2 | a plaintext password is not accepted
            [account.a]@user = "u"@password_env = "A"@password_cmd = "b" | 4 | password_cmd and password_env both give the password
            [account.a]@password_env = "A"                | 1 | has a password source but no user
            [account.a]@server = ""                       | 2 | server is empty
            default_account = "b"@[account.a]             | 1 | default_account names 'b', but there is no [account.b] (accounts: a)
            [account.a]@server = "a\tb\u0001"             | 2 | control character
            """)
    void errorsNameTheFileAndLine(String text, int line, String message) {
        String toml = text.strip().replace("@", "\n").replace("\\u0001", "\u0001").replace("\\t", "\t");
        assertThatThrownBy(() -> parse(toml))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cfg.toml:" + line + ": ")
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((ConfigException) e).line()).isEqualTo(line));
    }

    @Test
    void tomlValuesKeepTheirTypesAndLines() throws ConfigException {
        List<TomlTable> tables = Toml.parse("t", "a = true\nb = -12\nc = 'x\"y'\n\n[t]\n\"quoted key\" = \"\\t\"\n");
        assertThat(tables.getFirst().values()).isEqualTo(Map.of("a", new TomlValue(true, 1), "b",
                new TomlValue(-12L, 2), "c", new TomlValue("x\"y", 3)));
        assertThat(tables.get(1).name()).containsExactly("t");
        assertThat(tables.get(1).values().get("quoted key")).isEqualTo(new TomlValue("\t", 6));
    }
}
