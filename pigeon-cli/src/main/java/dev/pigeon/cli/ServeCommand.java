package dev.pigeon.cli;

import dev.pigeon.server.Chaos;
import dev.pigeon.server.ClientInfo;
import dev.pigeon.server.ReceivedMessage;
import dev.pigeon.server.ServerLimits;
import dev.pigeon.server.ServerListener;
import dev.pigeon.server.SmtpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pigeon serve}: the built-in receiving server in the foreground until Ctrl-C. It never
 * relays: every accepted message goes into the Maildir.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        header = "Run the built-in SMTP server (a sink into a Maildir) until Ctrl-C.",
        description = {
            "Accepts every message and stores it in a Maildir; it never relays. Prints one line"
                    + " when it starts and one per message received.",
            "",
            "TLS: STARTTLS with --tls-cert/--tls-key or --tls-self-signed; --tls-on-connect for implicit TLS."
                    + " AUTH (SCRAM-SHA-256, CRAM-MD5, PLAIN, LOGIN) for --user/--users, offered only under"
                    + " TLS unless --auth-plaintext.",
            "",
            "Chaos (to test your own sending code): --chaos-reply, --chaos-delay and --chaos-disconnect make the"
                    + " server fail on purpose at a stage (greeting, helo, mail, rcpt, data, dot) with a"
                    + " probability; --chaos-seed repeats a run exactly.",
            "  pigeon serve --chaos-reply mail=451:0.2,rcpt=550:0.1 --chaos-delay greeting=3000:0.5"
                    + " --chaos-disconnect dot=0.05 --chaos-seed 42",
            "",
        },
        footer = {
            "",
            "Examples:",
            "  pigeon serve --port 2525 --maildir ./mail",
            "  pigeon serve --port 0 --tls-self-signed=./tls --require-tls",
            "",
            "Exit status: 0 when stopped with Ctrl-C (or SIGTERM); 64 usage error;",
            "65 a certificate, key or users file cannot be read or used;",
            "69 the port cannot be bound or the Maildir cannot be created.",
        })
final class ServeCommand implements Callable<Integer> {
    static final int DEFAULT_PORT = 2525;

    private final Io io;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + DEFAULT_PORT, converter = Converters.ListenPort.class,
            description = "Port to listen on (default: ${DEFAULT-VALUE}, so no root is needed; 0 = any free port).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String bind;

    @Option(names = "--maildir", paramLabel = "DIR",
            description = "Maildir to store messages in, created if missing (default: a new folder"
                    + " under the system's temporary folder, kept after the server stops).")
    Path maildir;

    @Option(names = "--no-fsync", description = "Do not fsync stored messages (faster; a power cut may lose"
            + " them): for load tests.")
    boolean noFsync;

    @Option(names = "--hostname", paramLabel = "NAME", defaultValue = "localhost",
            description = "Name in the greeting and the Received header (default: ${DEFAULT-VALUE}).")
    String hostname;

    @Option(names = "--max-size", paramLabel = "BYTES",
            description = "Largest message accepted, announced as SIZE (default: 35 MiB).")
    Long maxSize;

    @Mixin
    ServeSecurityOptions security = new ServeSecurityOptions();

    @Mixin
    ChaosOptions chaosOptions = new ChaosOptions();

    ServeCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        SmtpServer server = server();
        CountDownLatch stop = new CountDownLatch(1);
        StopSignal signal = StopSignal.install(stop::countDown);
        try {
            server.start();
            io.out().println("pigeon: listening on " + TranscriptPrinter.hostPort(server.address())
                    + (securitySummary.isEmpty() ? "" : " (" + securitySummary + ")")
                    + ", storing to " + server.maildir());
            if (!chaos.isOff()) {
                io.out().println(ChaosOptions.banner(chaos));
            }
            io.out().flush();
            stop.await();
        } catch (IOException e) {
            throw new Failure(ExitCodes.UNAVAILABLE, "cannot listen on " + bind + " port " + port + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping is what was asked
        } finally {
            signal.close();
            server.close();
        }
        io.out().println("pigeon: stopped; messages are in " + server.maildir());
        io.out().flush();
        return ExitCodes.OK;
    }

    /** What the startup line says about TLS and AUTH; empty when neither is on. */
    private String securitySummary = "";
    /** The faults this run injects; {@link Chaos#NONE} without --chaos-* options. */
    private Chaos chaos = Chaos.NONE;

    private SmtpServer server() {
        Text.requireNoControls("--hostname", hostname);
        SmtpServer.Builder builder = SmtpServer.builder().port(port).listener(new Announcer());
        try {
            builder.bindAddress(InetAddress.getByName(bind)).hostname(hostname);
            if (maxSize != null) {
                builder.limits(ServerLimits.defaults().withMaxMessageSize(maxSize));
            }
        } catch (UnknownHostException e) {
            throw Failure.usage("--bind " + Text.oneLine(bind) + ": not an address of this machine");
        } catch (IllegalArgumentException e) {
            throw Failure.usage(e.getMessage());
        }
        chaos = chaosOptions.chaos(new SplittableRandom());
        builder.chaos(chaos);
        Path folder = maildirFolder();
        ServeSecurityOptions.Applied applied = security.apply(builder, folder, io);
        securitySummary = applied.summary();
        if (applied.selfSignedCertificate() != null) {
            Path cert = applied.selfSignedCertificate();
            io.out().println("pigeon: self-signed certificate for localhost, 127.0.0.1, ::1 written to " + cert
                    + " (clients trust it with --tls-ca " + cert + ")");
        }
        try {
            builder.maildir(folder).syncMaildir(!noFsync);
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw Failure.usage(e.getMessage());
        } catch (RuntimeException e) {
            throw new Failure(ExitCodes.UNAVAILABLE, "cannot create the Maildir: " + e.getMessage());
        }
    }

    private Path maildirFolder() {
        try {
            return maildir != null ? maildir : Files.createTempDirectory("pigeon-serve-");
        } catch (IOException e) {
            throw new Failure(ExitCodes.UNAVAILABLE, "cannot create the Maildir: " + e.getMessage());
        }
    }

    /** One line per stored message, and per failed TLS handshake or AUTH; runs on the connection's thread. */
    private final class Announcer implements ServerListener {
        @Override
        public void onMessage(ReceivedMessage m) {
            String recipients = String.join(", ", m.envelope().recipients().stream().map(r -> r.toPath()).toList());
            println("pigeon: message " + m.number() + " from " + m.envelope().from().toPath()
                    + " to " + recipients + ", " + m.size() + " bytes" + how(m.envelope().client())
                    + ", stored in " + m.path());
        }

        @Override
        public void onFault(InetSocketAddress client, String fault) {
            println("pigeon: chaos " + TranscriptPrinter.hostPort(client) + " " + fault);
        }

        @Override
        public void onTlsFailed(InetSocketAddress client, String reason) {
            println("pigeon: TLS handshake with " + TranscriptPrinter.hostPort(client) + " failed: " + reason);
        }

        @Override
        public void onAuthFailed(InetSocketAddress client, String mechanism, String detail) {
            println("pigeon: AUTH " + mechanism + " from " + TranscriptPrinter.hostPort(client) + " failed: " + detail);
        }

        /** {@code , over TLSv1.3, user alice} when the message came under TLS or AUTH. */
        private static String how(ClientInfo client) {
            return client.tls().map(t -> ", over " + t.protocol()).orElse("")
                    + client.authenticatedUser().map(u -> ", user " + u).orElse("");
        }

        private void println(String line) {
            io.out().println(Text.oneLine(line));
            io.out().flush();
        }
    }
}
