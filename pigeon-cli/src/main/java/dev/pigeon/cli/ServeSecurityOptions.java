package dev.pigeon.cli;

import dev.pigeon.auth.StoredUser;
import dev.pigeon.auth.UserStore;
import dev.pigeon.server.SmtpServer;
import dev.pigeon.tls.CertifiedKey;
import dev.pigeon.tls.SelfSignedCertificate;
import dev.pigeon.tls.ServerTls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code pigeon serve}'s TLS and AUTH options, applied to a server builder. Safe by default:
 * AUTH only under TLS unless {@code --auth-plaintext}; a password given on the command line is
 * never printed back.
 */
final class ServeSecurityOptions {

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "Certificate chain (PEM, leaf first) for STARTTLS; needs --tls-key.")
    Path certificate;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "Private key (PEM) of --tls-cert.")
    Path key;

    @Option(names = "--tls-self-signed", paramLabel = "DIR", arity = "0..1", fallbackValue = "",
            description = "Make a throwaway key and self-signed certificate for localhost, 127.0.0.1 and ::1,"
                    + " written as cert.pem/key.pem into DIR (default: beside the Maildir, in <maildir>-tls),"
                    + " and print the certificate's path for a client's --tls-ca.")
    String selfSigned;

    @Option(names = "--tls-on-connect",
            description = "Implicit TLS (RFC 8314, as on port 465): TLS from the first byte, no STARTTLS.")
    boolean tlsOnConnect;

    @Option(names = "--user", paramLabel = "NAME:PASSWORD", converter = UserConverter.class,
            description = "A user AUTH accepts (repeatable). The process list shows the password: prefer --users.")
    List<UserSpec> users = new ArrayList<>();

    @Option(names = "--users", paramLabel = "FILE",
            description = "Users AUTH accepts, one NAME:PASSWORD a line; blank lines and # comments skipped.")
    Path usersFile;

    @Option(names = "--require-tls", description = "Refuse MAIL and AUTH (530) until STARTTLS.")
    boolean requireTls;

    @Option(names = "--require-auth", description = "Refuse MAIL (530) until AUTH succeeds.")
    boolean requireAuth;

    @Option(names = "--auth-plaintext",
            description = "Offer AUTH without TLS too (for tests only: passwords cross the network readable).")
    boolean authPlaintext;

    /** {@code NAME:PASSWORD}; {@code toString()} hides the password. */
    record UserSpec(String name, char[] password) {
        @Override
        public String toString() {
            return "UserSpec[" + name + ":****]";
        }
    }

    /** Splits at the first colon (names hold none; passwords may); never echoes the value. */
    static final class UserConverter implements ITypeConverter<UserSpec> {
        @Override
        public UserSpec convert(String value) {
            return parseUser(value).orElseThrow(() ->
                    new TypeConversionException("expected NAME:PASSWORD, both non-empty (value not shown)"));
        }
    }

    static java.util.Optional<UserSpec> parseUser(String value) {
        int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new UserSpec(value.substring(0, colon), value.substring(colon + 1).toCharArray()));
    }

    /** What the startup line and the user learn about the setup. */
    record Applied(String summary, Path selfSignedCertificate) {}

    boolean tlsConfigured() {
        return certificate != null || key != null || selfSigned != null;
    }

    /**
     * Configures TLS and AUTH on {@code builder}; writes the self-signed files if asked.
     *
     * @throws Failure usage errors (64) for inconsistent options, bad input (65) for files that
     *     cannot be read or parsed
     */
    Applied apply(SmtpServer.Builder builder, Path maildir, Io io) {
        checkConsistent();
        Path written = null;
        if (tlsConfigured()) {
            written = selfSigned != null ? writeSelfSigned(maildir) : null;
            builder.tls(context(written));
            builder.tlsOnConnect(tlsOnConnect).requireTls(requireTls);
        }
        List<StoredUser> stored = storedUsers();
        if (!stored.isEmpty()) {
            try {
                builder.users(UserStore.of(stored));
            } catch (IllegalArgumentException e) {
                throw Failure.usage(e.getMessage());
            }
            builder.allowPlaintextAuth(authPlaintext).requireAuth(requireAuth);
            if (authPlaintext) {
                io.error("warning: --auth-plaintext: AUTH is offered without TLS; passwords cross the network"
                        + " readable by anyone on the path");
            }
        }
        return new Applied(summary(stored.size()), written);
    }

    private void checkConsistent() {
        if (selfSigned != null && (certificate != null || key != null)) {
            throw Failure.usage("--tls-self-signed cannot be combined with --tls-cert/--tls-key");
        }
        if ((certificate == null) != (key == null)) {
            throw Failure.usage("--tls-cert and --tls-key go together");
        }
        if ((tlsOnConnect || requireTls) && !tlsConfigured()) {
            throw Failure.usage((tlsOnConnect ? "--tls-on-connect" : "--require-tls")
                    + " needs a certificate: --tls-cert FILE --tls-key FILE, or --tls-self-signed");
        }
        boolean anyUser = !users.isEmpty() || usersFile != null;
        if (requireAuth && !anyUser) {
            throw Failure.usage("--require-auth needs users: --user NAME:PASSWORD or --users FILE");
        }
        if (anyUser && !tlsConfigured() && !authPlaintext) {
            throw Failure.usage("AUTH is only offered under TLS: add --tls-cert/--tls-key or --tls-self-signed"
                    + " (or, for tests, --auth-plaintext)");
        }
        if (authPlaintext && !anyUser) {
            throw Failure.usage("--auth-plaintext needs users: --user NAME:PASSWORD or --users FILE");
        }
    }

    private Path writeSelfSigned(Path maildir) {
        Path dir = selfSigned.isEmpty()
                ? maildir.toAbsolutePath().resolveSibling(maildir.getFileName() + "-tls")
                : Path.of(selfSigned);
        try {
            return SelfSignedCertificate.writePem(SelfSignedCertificate.generateLocal(), dir).certificate();
        } catch (IOException | GeneralSecurityException e) {
            throw Failure.badInput("cannot write the self-signed certificate into " + dir + ": " + e.getMessage());
        }
    }

    private SSLContext context(Path selfSignedCertificate) {
        Path cert = selfSignedCertificate != null ? selfSignedCertificate : certificate;
        Path privateKey = selfSignedCertificate != null ? selfSignedCertificate.resolveSibling("key.pem") : key;
        try {
            return ServerTls.context(CertifiedKey.fromPem(cert, privateKey));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw Failure.badInput("cannot use the TLS certificate/key: " + e.getMessage());
        }
    }

    private List<StoredUser> storedUsers() {
        List<UserSpec> all = new ArrayList<>(users);
        if (usersFile != null) {
            all.addAll(readUsersFile(usersFile));
        }
        List<StoredUser> stored = new ArrayList<>(all.size());
        for (UserSpec u : all) {
            try {
                stored.add(StoredUser.withPassword(u.name(), u.password()));
            } catch (IllegalArgumentException e) {
                throw Failure.usage("user " + Text.oneLine(u.name()) + ": " + e.getMessage());
            } finally {
                Arrays.fill(u.password(), '\0');
            }
        }
        return stored;
    }

    static List<UserSpec> readUsersFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw Failure.badInput("cannot read --users " + file + ": " + e.getMessage());
        }
        List<UserSpec> users = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i); // passwords keep their spaces
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            int number = i + 1;
            users.add(parseUser(line).orElseThrow(() -> Failure.badInput(
                    "--users " + file + " line " + number + ": expected NAME:PASSWORD (line not shown)")));
        }
        return users;
    }

    /** For the startup line: {@code STARTTLS, AUTH after TLS for 2 users, TLS required}. */
    private String summary(int userCount) {
        List<String> parts = new ArrayList<>();
        if (tlsConfigured()) {
            parts.add(tlsOnConnect ? "implicit TLS" : "STARTTLS");
        }
        if (userCount > 0) {
            String when = authPlaintext ? "" : tlsOnConnect ? "" : " after STARTTLS";
            parts.add("AUTH" + when + " for " + userCount + (userCount == 1 ? " user" : " users"));
        }
        if (requireTls) {
            parts.add("TLS required");
        }
        if (requireAuth) {
            parts.add("AUTH required");
        }
        return String.join(", ", parts);
    }
}
