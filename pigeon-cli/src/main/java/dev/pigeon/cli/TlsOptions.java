package dev.pigeon.cli;

import dev.pigeon.client.TlsMode;
import dev.pigeon.client.TlsPolicy;
import dev.pigeon.tls.PemException;
import dev.pigeon.tls.TlsSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The TLS options of {@code pigeon send}: when to use TLS, and how to check the server. Safe by
 * default: STARTTLS when offered (implicit TLS on port 465), and whenever TLS is used the chain
 * and the host name are verified against the system trust store.
 */
final class TlsOptions {
    static final int SUBMISSIONS_PORT = 465;

    /** At most one mode; none given means the default for the port. */
    static final class Mode {
        @Option(names = "--tls", description = "Require STARTTLS: stop before AUTH and MAIL if the server does not"
                + " offer it, refuses it (454: exit 75; 5xx: exit 69) or the handshake fails.")
        boolean required;

        @Option(names = "--tls-on-connect", description = "Implicit TLS (RFC 8314): the handshake comes before the"
                + " greeting. The default with --port 465.")
        boolean onConnect;

        @Option(names = "--tls-optional", description = "STARTTLS when the server offers it, else plain. A refusal"
                + " reply continues in plain; a failed handshake still stops (never a silent fall-back).")
        boolean optional;

        @Option(names = "--no-tls", description = "Never use TLS.")
        boolean none;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Mode mode;

    @Option(names = "--tls-insecure", description = "Do not verify the server's certificate (a warning is printed;"
            + " --tls-pin is still checked).")
    boolean insecure;

    @Option(names = "--tls-ca", paramLabel = "FILE", description = "Trust the PEM certificates in FILE instead of the"
            + " system trust store; repeatable.")
    List<Path> caFiles = new ArrayList<>();

    @Option(names = "--tls-pin", paramLabel = "sha256/BASE64", description = "Require the server's public key to have"
            + " this SHA-256 pin (as curl's --pinnedpubkey); repeatable: any one may match.")
    List<String> pins = new ArrayList<>();

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "Client certificate (PEM) to present; needs --tls-key.")
    Path certFile;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "Private key (PEM) of --tls-cert.")
    Path keyFile;

    @Option(names = "--tls-sni", paramLabel = "NAME", description = "Name to send as SNI and to check the certificate"
            + " against, instead of --server.")
    String sni;

    @Option(names = "--tls-protocols", paramLabel = "LIST", description = "Protocol versions to enable, comma-separated"
            + " (e.g. TLSv1.2,TLSv1.3; default: the JDK's).")
    String protocols;

    /** The mode asked for, or the default for the port. */
    TlsMode mode(int port) {
        if (mode == null) {
            return port == SUBMISSIONS_PORT ? TlsMode.IMPLICIT : TlsMode.OPPORTUNISTIC;
        }
        if (mode.required) {
            return TlsMode.STARTTLS_REQUIRED;
        }
        if (mode.onConnect) {
            return TlsMode.IMPLICIT;
        }
        return mode.optional ? TlsMode.OPPORTUNISTIC : TlsMode.NONE;
    }

    /** The policy, its files read; a bad option is a usage error, an unreadable file bad input. */
    TlsPolicy policy(int port) {
        TlsMode m = mode(port);
        if ((certFile == null) != (keyFile == null)) {
            throw Failure.usage("--tls-cert and --tls-key go together");
        }
        if (sni != null) {
            Text.requireNoControls("--tls-sni", sni);
        }
        if (m == TlsMode.NONE) {
            return TlsPolicy.none();
        }
        return TlsPolicy.of(m, settings());
    }

    private TlsSettings settings() {
        TlsSettings.Builder b = TlsSettings.builder();
        if (insecure) {
            b.insecure();
        }
        for (Path ca : caFiles) {
            read("--tls-ca", ca, () -> b.trustPemFile(ca));
        }
        for (String pin : pins) {
            try {
                b.pin(pin);
            } catch (IllegalArgumentException e) {
                throw Failure.usage("--tls-pin: " + e.getMessage());
            }
        }
        if (certFile != null) {
            read("--tls-cert/--tls-key", certFile, () -> b.clientKeyPemFiles(certFile, keyFile));
        }
        if (protocols != null) {
            b.protocols(protocols);
        }
        try {
            return b.serverName(sni).build();
        } catch (IllegalArgumentException e) {
            throw Failure.usage("--tls-sni: " + e.getMessage());
        }
    }

    private interface Reading {
        void run() throws IOException;
    }

    private static void read(String option, Path file, Reading reading) {
        try {
            reading.run();
        } catch (PemException e) {
            throw Failure.badInput(option + " " + Text.oneLine(file.toString()) + ": " + e.getMessage());
        } catch (IOException e) {
            throw Failure.badInput(option + " " + Text.oneLine(file.toString()) + ": cannot read: " + e.getMessage());
        }
    }
}
