package dev.pigeon.cli;

import dev.pigeon.client.AuthSettings;
import dev.pigeon.client.SessionListener;
import dev.pigeon.client.SmtpClient;
import dev.pigeon.client.TlsMode;
import dev.pigeon.client.TlsPolicy;
import dev.pigeon.protocol.Command;
import dev.pigeon.transport.Timeouts;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Builds the client of {@code pigeon send}, {@code sendmail} and {@code bulk} from their common
 * options, with the same checks and messages: TLS policy (a warning for --tls-insecure), AUTH only
 * over TLS unless --auth-plaintext, the secret fetched before any connection.
 */
final class Submission {
    private Submission() {}

    /** The whole client for commands with no options beyond the common ones. */
    static SmtpClient client(String server, int port, String helo, Duration timeout, TlsOptions tls,
                             AuthOptions auth, SessionListener listener, PrintStream warnings) {
        return build(builder(server, port, helo, timeout, tls, auth, warnings).listener(listener), tls);
    }

    /**
     * Checks {@code --server} and {@code --dns-server} before anything is sent: no controls (they
     * would end a line early), not blank, and not both (a DNS server is for MX delivery).
     */
    static void checkServer(String server, String dnsServer) {
        if (server != null) {
            Text.requireNoControls("--server", server);
            if (server.isBlank()) {
                throw Failure.usage("--server is empty");
            }
        }
        if (dnsServer != null) {
            Text.requireNoControls("--dns-server", dnsServer);
            if (server != null) {
                throw Failure.usage("--dns-server is for MX delivery: it cannot be combined with --server");
            }
        }
    }

    /** A builder with TLS, AUTH (its secret already read), timeouts and HELO name set and checked. */
    static SmtpClient.Builder builder(String server, int port, String helo, Duration timeout, TlsOptions tls,
                                     AuthOptions auth, PrintStream warnings) {
        TlsPolicy policy = tls.policy(port);
        AuthSettings authSettings = authSettings(server, policy.mode(), auth, warnings);
        if (tls.insecure && policy.mode().usesTls()) {
            warnings.println("pigeon: warning: --tls-insecure: the server's certificate is not verified; anyone on"
                    + " the path can read and change this session");
            warnings.flush();
        }
        SmtpClient.Builder builder = SmtpClient.builder()
                .tls(policy)
                .timeouts(timeout == null ? Timeouts.rfc5321() : Timeouts.uniform(timeout));
        if (helo != null) {
            builder.helo(checkedHelo(helo));
        }
        if (authSettings != null) {
            builder.auth(authSettings);
        }
        return builder;
    }

    /** Builds, turning what the builder refuses (say, an unknown TLS protocol) into a usage error. */
    static SmtpClient build(SmtpClient.Builder builder, TlsOptions tls) {
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            // the HELO name was checked already: what is left is the TLS set-up
            throw Failure.usage((tls.protocols != null ? "--tls-protocols: " : "") + e.getMessage());
        }
    }

    /** Null without AUTH. Refuses, before anything is read or sent, AUTH that could only go in plaintext. */
    private static AuthSettings authSettings(String server, TlsMode mode, AuthOptions auth, PrintStream warnings) {
        if (!auth.wanted()) {
            return null;
        }
        auth.checkedMechanism();
        if (mode == TlsMode.NONE && !auth.plaintext) {
            throw Failure.usage("--auth with --no-tls would send credentials without TLS; add --auth-plaintext"
                    + " to allow it");
        }
        return auth.settings(server == null ? "" : server, warnings);
    }

    private static String checkedHelo(String helo) {
        Text.requireNoControls("--helo", helo);
        try {
            new Command.Ehlo(helo);
        } catch (IllegalArgumentException e) {
            throw Failure.usage("--helo " + Text.oneLine(helo) + ": " + e.getMessage());
        }
        return helo;
    }
}
