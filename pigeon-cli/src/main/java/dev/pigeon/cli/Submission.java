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
 * Builds the client for {@code pigeon sendmail} from its options, with the same checks and
 * messages as {@code pigeon send}: TLS policy (a warning for --tls-insecure), AUTH only over TLS
 * unless --auth-plaintext, the secret fetched before any connection.
 */
final class Submission {
    private Submission() {}

    static SmtpClient client(String server, int port, String helo, Duration timeout, TlsOptions tls,
                             AuthOptions auth, SessionListener listener, PrintStream warnings) {
        TlsPolicy policy = tls.policy(port);
        if (tls.insecure && policy.mode().usesTls()) {
            warnings.println("pigeon: warning: --tls-insecure: the server's certificate is not verified; anyone on"
                    + " the path can read and change this session");
            warnings.flush();
        }
        AuthSettings authSettings = null;
        if (auth.wanted()) {
            auth.checkedMechanism();
            if (policy.mode() == TlsMode.NONE && !auth.plaintext) {
                throw Failure.usage("AUTH without TLS would send credentials in the clear; add --auth-plaintext"
                        + " to allow it");
            }
            authSettings = auth.settings(server, warnings);
        }
        SmtpClient.Builder builder = SmtpClient.builder()
                .tls(policy)
                .timeouts(timeout == null ? Timeouts.rfc5321() : Timeouts.uniform(timeout))
                .listener(listener);
        if (helo != null) {
            Text.requireNoControls("--helo", helo);
            try {
                new Command.Ehlo(helo);
            } catch (IllegalArgumentException e) {
                throw Failure.usage("--helo " + Text.oneLine(helo) + ": " + e.getMessage());
            }
            builder.helo(helo);
        }
        if (authSettings != null) {
            builder.auth(authSettings);
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw Failure.usage(e.getMessage());
        }
    }
}
