package dev.pigeon.cli.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the accounts of an msmtp configuration ({@code ~/.msmtprc}), so people who have one need
 * not write another: {@code defaults}, {@code account NAME [: PARENT, ...]}, {@code account default :
 * NAME}, and the keys {@code host}, {@code port}, {@code from}, {@code domain} (the EHLO name),
 * {@code auth}, {@code user}, {@code passwordeval}, {@code tls}, {@code tls_starttls},
 * {@code tls_trust_file} and {@code tls_certcheck}. Other msmtp keys (logging, aliases...) are
 * ignored; an unknown account, a malformed line or a plaintext {@code password} is an error
 * naming the file and line.
 *
 * <p>TLS as msmtp means it: {@code tls on} requires STARTTLS, with {@code tls_starttls off} it is
 * TLS on connect; {@code tls off} is no TLS. When the file says nothing, pigeon's default applies
 * (STARTTLS when offered), which is stricter than msmtp's.
 */
public final class MsmtpRc {
    private MsmtpRc() {}

    /** The accounts of one file, each with its name; {@code select} picks one. */
    public record Accounts(String file, Map<String, Account> byName) {
        public Accounts {
            byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
        }

        /** {@code name}, else the account called "default" (msmtp's {@code account default : NAME}). */
        public Optional<Account> select(String name) {
            return Optional.ofNullable(byName.get(name != null ? name : "default"));
        }

        /** {@code " (accounts: a, b)"}, for messages. */
        public String known() {
            return PigeonConfig.known(byName);
        }
    }

    /** What one section has gathered; copied for {@code defaults} and inheritance. */
    private static final class Section {
        Account.Draft draft = new Account.Draft();
        Boolean tls;
        Boolean startTls;
        int line;

        Section copy(int atLine) {
            Section s = new Section();
            s.draft = draft.copy();
            s.tls = tls;
            s.startTls = startTls;
            s.line = atLine;
            return s;
        }

        Account build(String name, String file) {
            Account.Draft d = draft.copy();
            if (tls != null) {
                d.tls = !tls ? Account.TlsChoice.NONE
                        : Boolean.FALSE.equals(startTls) ? Account.TlsChoice.ON_CONNECT : Account.TlsChoice.STARTTLS;
            }
            return d.build(name, file + ":" + line);
        }
    }

    public static Accounts parse(String file, String text, Path home) throws ConfigException {
        Section defaults = new Section();
        Map<String, Section> sections = new LinkedHashMap<>();
        Section current = defaults;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int n = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = firstSpace(line);
            String key = (space < 0 ? line : line.substring(0, space)).toLowerCase(Locale.ROOT);
            String rest = space < 0 ? "" : line.substring(space).strip();
            if (key.equals("defaults")) {
                current = defaults;
            } else if (key.equals("account")) {
                current = startAccount(file, n, rest, defaults, sections);
            } else {
                set(file, n, key, unquote(file, n, rest), current, home);
            }
        }
        Map<String, Account> accounts = new LinkedHashMap<>();
        for (Map.Entry<String, Section> e : sections.entrySet()) {
            accounts.put(e.getKey(), e.getValue().build(e.getKey(), file));
        }
        return new Accounts(file, accounts);
    }

    private static Section startAccount(String file, int line, String rest, Section defaults,
                                        Map<String, Section> sections) throws ConfigException {
        int colon = rest.indexOf(':');
        String name = (colon < 0 ? rest : rest.substring(0, colon)).strip();
        if (name.isEmpty() || firstSpace(name) >= 0) {
            throw new ConfigException(file, line, "'account' needs one name, as in 'account work'");
        }
        if (sections.containsKey(name)) {
            throw new ConfigException(file, line, "account '" + name + "' is defined twice");
        }
        Section section = defaults.copy(line);
        if (colon >= 0) {
            for (String parentName : rest.substring(colon + 1).split(",")) {
                Section parent = sections.get(parentName.strip());
                if (parent == null) {
                    throw new ConfigException(file, line, "account '" + name + "' inherits from '" + parentName.strip()
                            + "', which is not defined above it");
                }
                overlay(section, parent);
            }
        }
        sections.put(name, section);
        return section;
    }

    /** Copies what {@code parent} has onto {@code child} (a parent holds the defaults too). */
    private static void overlay(Section child, Section parent) {
        Section p = parent.copy(child.line);
        child.draft = p.draft;
        child.tls = p.tls;
        child.startTls = p.startTls;
    }

    private static void set(String file, int n, String key, String value, Section s, Path home) throws ConfigException {
        Account.Draft d = s.draft;
        switch (key) {
            case "host" -> d.server = required(file, n, key, value);
            case "port" -> d.port = port(file, n, value);
            case "from" -> d.from = required(file, n, key, value);
            case "domain" -> d.helo = required(file, n, key, value);
            case "user" -> d.user = value.isEmpty() ? null : value;
            case "auth" -> d.auth = auth(value);
            case "passwordeval" -> d.password = value.isEmpty() ? null
                    : new Account.PasswordSource(Account.PasswordSource.Kind.COMMAND, value);
            case "password" -> throw new ConfigException(file, n, "a plaintext 'password' is not accepted;"
                    + " use passwordeval (e.g. passwordeval \"cat ~/.mail-password\")");
            case "tls" -> s.tls = onOff(file, n, key, value);
            case "tls_starttls" -> s.startTls = onOff(file, n, key, value);
            case "tls_certcheck" -> d.tlsInsecure = !onOff(file, n, key, value);
            case "tls_trust_file" -> d.tlsCa = value.isEmpty() || value.equals("system") ? List.of()
                    : List.of(PigeonConfig.path(value, home));
            default -> {
                // another msmtp setting (logfile, aliases, ...): nothing pigeon uses
            }
        }
    }

    /** msmtp's {@code auth}: on (any mechanism), off, or a mechanism name. */
    private static String auth(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "on" -> "auto";
            case "off" -> "off";
            default -> v.toUpperCase(Locale.ROOT);
        };
    }

    private static boolean onOff(String file, int n, String key, String value) throws ConfigException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "", "on" -> true;
            case "off" -> false;
            default -> throw new ConfigException(file, n, key + " must be on or off, not '" + value + "'");
        };
    }

    private static int port(String file, int n, String value) throws ConfigException {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(file, n, "port must be a number from 1 to 65535, not '" + value + "'");
    }

    private static String required(String file, int n, String key, String value) throws ConfigException {
        if (value.isEmpty()) {
            throw new ConfigException(file, n, key + " needs a value");
        }
        return value;
    }

    /** msmtp's quoting: {@code "..."} with {@code \"} and {@code \\}; unquoted values are taken as they are. */
    private static String unquote(String file, int n, String value) throws ConfigException {
        if (!value.startsWith("\"")) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                out.append(value.charAt(++i));
            } else if (c == '"') {
                if (i != value.length() - 1) {
                    throw new ConfigException(file, n, "unexpected text after the closing '\"'");
                }
                return out.toString();
            } else {
                out.append(c);
            }
        }
        throw new ConfigException(file, n, "unterminated quoted value: missing '\"'");
    }

    private static int firstSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
                return i;
            }
        }
        return -1;
    }
}
