package dev.pigeon.cli.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * pigeon's own configuration file ({@code ~/.config/pigeon/config.toml}): {@code default_account}
 * and named {@code [account.NAME]} tables. Strict: an unknown key or table, a value of the wrong
 * type, or two password sources in one account is an error naming the file and line.
 *
 * <pre>
 * default_account = "work"
 *
 * [account.work]
 * server = "smtp.example.org"
 * port = 587
 * tls = "starttls"            # starttls | tls-on-connect | optional | none
 * user = "ann"
 * password_cmd = "pass show mail/work"   # or password_env / password_file
 * from = "ann@example.org"
 * </pre>
 *
 * A plaintext {@code password} key is refused: the secret would sit in a file that backups and
 * editors copy around; {@code password_file} (mode 600) says the same thing on purpose.
 */
public record PigeonConfig(String file, Optional<String> defaultAccount, Map<String, Account> accounts) {
    private static final Set<String> ACCOUNT_KEYS = Set.of("server", "port", "tls", "tls_ca", "tls_insecure",
            "user", "password_cmd", "password_env", "password_file", "from", "helo", "auth");

    public PigeonConfig {
        accounts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(accounts));
    }

    /** Parses the text of {@code file}; {@code home} expands a leading {@code ~/} in paths. */
    public static PigeonConfig parse(String file, String text, Path home) throws ConfigException {
        List<TomlTable> tables = Toml.parse(file, text);
        Optional<String> defaultAccount = Optional.empty();
        Map<String, Account> accounts = new LinkedHashMap<>();
        for (TomlTable table : tables) {
            List<String> name = table.name();
            if (name.isEmpty()) {
                defaultAccount = root(file, table);
            } else if (name.equals(List.of("account"))) {
                requireEmpty(file, table, "[account] holds no keys of its own; use [account.NAME]");
            } else if (name.size() == 2 && name.get(0).equals("account")) {
                accounts.put(name.get(1), account(file, name.get(1), table, home));
            } else {
                throw new ConfigException(file, table.line(), "unknown table [" + table.displayName()
                        + "]; pigeon knows [account.NAME]");
            }
        }
        if (defaultAccount.isPresent() && !accounts.containsKey(defaultAccount.get())) {
            int line = tables.getFirst().values().get("default_account").line();
            throw new ConfigException(file, line, "default_account names '" + defaultAccount.get()
                    + "', but there is no [account." + defaultAccount.get() + "]" + known(accounts));
        }
        return new PigeonConfig(file, defaultAccount, accounts);
    }

    /** The account to use: {@code name}, else {@code default_account}, else one called "default". */
    public Optional<Account> select(String name) {
        if (name != null) {
            return Optional.ofNullable(accounts.get(name));
        }
        return Optional.ofNullable(accounts.get(defaultAccount.orElse("default")));
    }

    /** {@code " (accounts: a, b)"} or {@code " (no accounts)"}, for messages. */
    static String known(Map<String, ?> accounts) {
        return accounts.isEmpty() ? " (no accounts)" : " (accounts: " + String.join(", ", accounts.keySet()) + ")";
    }

    private static Optional<String> root(String file, TomlTable table) throws ConfigException {
        Optional<String> defaultAccount = Optional.empty();
        for (Map.Entry<String, TomlValue> e : table.values().entrySet()) {
            if (!e.getKey().equals("default_account")) {
                throw new ConfigException(file, e.getValue().line(), "unknown key '" + e.getKey()
                        + "' at the top level; pigeon knows default_account and [account.NAME] tables");
            }
            defaultAccount = Optional.of(string(file, e.getKey(), e.getValue()));
        }
        return defaultAccount;
    }

    private static void requireEmpty(String file, TomlTable table, String message) throws ConfigException {
        if (!table.values().isEmpty()) {
            throw new ConfigException(file, table.values().values().iterator().next().line(), message);
        }
    }

    private static Account account(String file, String name, TomlTable table, Path home) throws ConfigException {
        Account.Draft d = new Account.Draft();
        List<String> passwordKeys = new ArrayList<>();
        for (Map.Entry<String, TomlValue> e : table.values().entrySet()) {
            String key = e.getKey();
            TomlValue v = e.getValue();
            switch (key) {
                case "server" -> d.server = nonEmpty(file, key, v);
                case "port" -> d.port = port(file, v);
                case "tls" -> d.tls = tls(file, v);
                case "tls_ca" -> d.tlsCa = List.of(path(string(file, key, v), home));
                case "tls_insecure" -> d.tlsInsecure = bool(file, key, v);
                case "user" -> d.user = nonEmpty(file, key, v);
                case "password_cmd" -> d.password = password(Account.PasswordSource.Kind.COMMAND, file, key, v, passwordKeys);
                case "password_env" -> d.password = password(Account.PasswordSource.Kind.ENV, file, key, v, passwordKeys);
                case "password_file" -> d.password = new Account.PasswordSource(Account.PasswordSource.Kind.FILE,
                        path(password(Account.PasswordSource.Kind.FILE, file, key, v, passwordKeys).value(), home).toString());
                case "from" -> d.from = nonEmpty(file, key, v);
                case "helo" -> d.helo = nonEmpty(file, key, v);
                case "auth" -> d.auth = nonEmpty(file, key, v);
                case "password" -> throw new ConfigException(file, v.line(), "a plaintext password is not accepted"
                        + " in the config file; use password_cmd, password_env or password_file");
                default -> throw new ConfigException(file, v.line(), "unknown key '" + key + "' in [account." + name
                        + "]; pigeon knows " + String.join(", ", ACCOUNT_KEYS.stream().sorted().toList()));
            }
        }
        if (d.password != null && d.user == null) {
            throw new ConfigException(file, table.line(), "[account." + name + "] has a password source but no user");
        }
        return d.build(name, file + ":" + table.line());
    }

    private static Account.PasswordSource password(Account.PasswordSource.Kind kind, String file, String key,
                                                   TomlValue v, List<String> seen) throws ConfigException {
        if (!seen.isEmpty()) {
            throw new ConfigException(file, v.line(), key + " and " + seen.getFirst()
                    + " both give the password; keep one");
        }
        seen.add(key);
        return new Account.PasswordSource(kind, nonEmpty(file, key, v));
    }

    private static Account.TlsChoice tls(String file, TomlValue v) throws ConfigException {
        Account.TlsChoice choice = Account.TlsChoice.of(string(file, "tls", v));
        if (choice == null) {
            throw new ConfigException(file, v.line(), "tls = \"" + v.value()
                    + "\" is not one of starttls, tls-on-connect, optional, none");
        }
        return choice;
    }

    private static int port(String file, TomlValue v) throws ConfigException {
        if (!(v.value() instanceof Long n)) {
            throw new ConfigException(file, v.line(), "port must be an integer, not " + v.typeName());
        }
        if (n < 1 || n > 65535) {
            throw new ConfigException(file, v.line(), "port " + n + " is out of range 1-65535");
        }
        return n.intValue();
    }

    private static boolean bool(String file, String key, TomlValue v) throws ConfigException {
        if (!(v.value() instanceof Boolean b)) {
            throw new ConfigException(file, v.line(), key + " must be true or false, not " + v.typeName());
        }
        return b;
    }

    private static String string(String file, String key, TomlValue v) throws ConfigException {
        if (!(v.value() instanceof String s)) {
            throw new ConfigException(file, v.line(), key + " must be a string, not " + v.typeName());
        }
        return s;
    }

    private static String nonEmpty(String file, String key, TomlValue v) throws ConfigException {
        String s = string(file, key, v);
        if (s.isBlank()) {
            throw new ConfigException(file, v.line(), key + " is empty");
        }
        return s;
    }

    /** {@code ~/x} relative to the home folder; other paths as written. */
    static Path path(String text, Path home) {
        return text.startsWith("~/") && home != null ? home.resolve(text.substring(2)) : Path.of(text);
    }
}
