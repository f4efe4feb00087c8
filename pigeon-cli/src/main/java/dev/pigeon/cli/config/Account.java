package dev.pigeon.cli.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One named account from a configuration file: where and how to submit mail. Every field but
 * {@code name} and {@code origin} may be absent (null, or empty for {@code tlsCa}): the command
 * line or pigeon's defaults fill it.
 *
 * @param name     the account's name
 * @param origin   where it came from, for messages: {@code /home/ann/.config/pigeon/config.toml:12}
 * @param server   host name or address
 * @param port     TCP port
 * @param tls      when to use TLS
 * @param tlsCa    PEM files to trust instead of the system store
 * @param tlsInsecure whether certificate checks are off (msmtp's {@code tls_certcheck off})
 * @param user     AUTH user name
 * @param password where the AUTH secret comes from
 * @param from     envelope sender (and From for composed messages)
 * @param helo     EHLO/HELO name
 * @param auth     {@code "auto"}, a SASL mechanism name, or {@code "off"}
 */
public record Account(String name, String origin, String server, Integer port, TlsChoice tls, List<Path> tlsCa,
                      boolean tlsInsecure, String user, PasswordSource password, String from, String helo,
                      String auth) {
    public Account {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(origin, "origin");
        tlsCa = List.copyOf(tlsCa);
    }

    /** When to use TLS, as the configuration spells it. */
    public enum TlsChoice {
        /** {@code starttls}: require STARTTLS. */
        STARTTLS("starttls"),
        /** {@code tls-on-connect}: implicit TLS (RFC 8314). */
        ON_CONNECT("tls-on-connect"),
        /** {@code optional}: STARTTLS when offered. */
        OPTIONAL("optional"),
        /** {@code none}: never. */
        NONE("none");

        private final String spelling;

        TlsChoice(String spelling) {
            this.spelling = spelling;
        }

        public String spelling() {
            return spelling;
        }

        /** The choice spelt {@code text}, or null. */
        public static TlsChoice of(String text) {
            for (TlsChoice c : values()) {
                if (c.spelling.equals(text)) {
                    return c;
                }
            }
            return null;
        }
    }

    /** Where the AUTH secret comes from; a secret itself is never kept in a configuration. */
    public record PasswordSource(Kind kind, String value) {
        public enum Kind {
            /** Run {@code value} with {@code sh -c}; the first line of its output. */
            COMMAND,
            /** The environment variable named {@code value}. */
            ENV,
            /** The first line of the file {@code value}. */
            FILE
        }

        public PasswordSource {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(value, "value");
        }
    }

    /** What a parser has gathered for one account so far (msmtp's defaults and inheritance copy it). */
    static final class Draft {
        String server;
        Integer port;
        TlsChoice tls;
        List<Path> tlsCa = List.of();
        boolean tlsInsecure;
        String user;
        PasswordSource password;
        String from;
        String helo;
        String auth;

        Draft copy() {
            Draft d = new Draft();
            d.server = server;
            d.port = port;
            d.tls = tls;
            d.tlsCa = tlsCa;
            d.tlsInsecure = tlsInsecure;
            d.user = user;
            d.password = password;
            d.from = from;
            d.helo = helo;
            d.auth = auth;
            return d;
        }

        Account build(String name, String origin) {
            return new Account(name, origin, server, port, tls, tlsCa, tlsInsecure, user, password, from, helo, auth);
        }
    }
}
