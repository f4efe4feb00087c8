package dev.pigeon.cli;

import dev.pigeon.client.Extensions;
import dev.pigeon.client.SmtpClient;
import dev.pigeon.outbox.Outbox;
import dev.pigeon.outbox.Pacer;
import dev.pigeon.outbox.RetryPolicy;
import dev.pigeon.outbox.Router;
import dev.pigeon.outbox.SmtpTransport;
import dev.pigeon.outbox.SpoolState;
import dev.pigeon.protocol.Mailbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pigeon bulk}: many messages through a durable spool and a pool of reused connections;
 * see {@link dev.pigeon.outbox} for the spool's guarantees.
 */
@Command(name = "bulk", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        header = "Send many messages: spooled to disk, over reused connections, retried, never lost.",
        description = {
            "SOURCE: .eml files, directories of them, mbox files; or --template with --recipients"
                    + " (CSV with a header row, or JSON Lines; {{field}} is replaced in headers and body;"
                    + " the 'to' or 'email' field is the recipient).",
            "",
            "Every message is first copied into the spool (--spool, default ./pigeon-spool), then"
                    + " delivered. Each ends in one state: sent, failed (5xx, or out of attempts), deferred"
                    + " (4xx or a connection fault: retried with backoff), or unknown (the connection was lost"
                    + " after the final dot: possibly delivered; not resent unless --resend-unknown).",
            "",
            "Resume: run again with the same --spool, with or without the same sources (a message"
                    + " already spooled for the same recipients is recognised and not added twice)."
                    + " Ctrl-C finishes the messages in flight and stops spooling: what is spooled stays, the rest"
                    + " is added by a rerun with the same sources.",
            "",
        },
        footer = {
            "",
            "Examples:",
            "  pigeon bulk --server 127.0.0.1 --port 2525 --connections 8 outgoing/",
            "  pigeon bulk --server smtp.example.org --port 587 --tls --auth --auth-user ann \\",
            "      --auth-password-env PW --template news.eml --recipients list.csv",
            "  pigeon bulk --spool ./pigeon-spool            # resume",
            "",
            "Exit status: 0 every message sent; 67 some recipient bounced; 75 none",
            "bounced but some deferred or unknown; 64 usage; 65 bad input.",
        })
final class BulkCommand implements Callable<Integer> {
    private final Io io;

    @Parameters(paramLabel = "SOURCE", arity = "0..*", description = ".eml files, directories, mbox files.")
    List<Path> sources = new ArrayList<>();

    @Option(names = "--template", paramLabel = "MSG.eml", description = "A message with {{field}} placeholders.")
    Path template;

    @Option(names = "--recipients", paramLabel = "FILE", description = "Rows for --template: .csv or .jsonl.")
    Path recipients;

    @Option(names = "--server", paramLabel = "HOST", description = "Smarthost; without it, each recipient domain's"
            + " mail exchangers (MX).")
    String server;

    @Option(names = "--dns-server", paramLabel = "HOST[:PORT]", description = "DNS server for MX look-ups.")
    String dnsServer;

    @Option(names = "--port", paramLabel = "N", defaultValue = "25", converter = Converters.Port.class,
            description = "Server port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--from", paramLabel = "ADDR", description = "Envelope sender (default: each message's From).")
    String from;

    @Option(names = "--to", paramLabel = "ADDR", description = "Envelope recipient, repeatable, for every message"
            + " (default: each message's To, Cc and Bcc).")
    List<String> to = new ArrayList<>();

    @Option(names = "--helo", paramLabel = "NAME", description = "Name to send in EHLO/HELO.")
    String helo;

    @Option(names = "--timeout", paramLabel = "SECONDS", converter = Converters.Seconds.class,
            description = "One timeout for every wait (default: RFC 5321's per-command timeouts).")
    Duration timeout;

    @Mixin
    TlsOptions tls = new TlsOptions();

    @Mixin
    AuthOptions auth = new AuthOptions();

    @Option(names = "--pipelining", paramLabel = "auto|off", defaultValue = "auto",
            description = "auto (default): when the server offers PIPELINING, each message's MAIL, RCPT and DATA"
                    + " go in one write with the previous message's final dot (one round trip a message); off:"
                    + " one command at a time.")
    ExtensionOptions.Use pipelining;

    @Option(names = "--chunking", paramLabel = "auto|off", defaultValue = "off",
            description = "auto: send contents with BDAT when the server offers CHUNKING; off (default): DATA,"
                    + " which pipelines across messages (Postfix's own client never sends BDAT either).")
    ExtensionOptions.Use chunking;

    @Option(names = "--spool", paramLabel = "DIR", defaultValue = "pigeon-spool",
            description = "Spool directory (default: ${DEFAULT-VALUE}).")
    Path spool;

    @Option(names = "--report", paramLabel = "FILE.jsonl", description = "Per-attempt report, appended"
            + " (default: SPOOL/report.jsonl).")
    Path report;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "4", description = "Concurrent connections"
            + " (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--per-destination", paramLabel = "N", defaultValue = "2", description = "Connections per"
            + " recipient domain at most, by MX (default: ${DEFAULT-VALUE}).")
    int perDestination;

    @Option(names = "--max-per-connection", paramLabel = "N", defaultValue = "100", description = "Messages per"
            + " connection before a fresh one (default: ${DEFAULT-VALUE}).")
    int maxPerConnection;

    @Option(names = "--rate", paramLabel = "MSGS/S", description = "At most this many messages a second.")
    double rate;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "8", description = "Attempts per message"
            + " before it bounces (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--max-age", paramLabel = "DURATION", defaultValue = "1d", converter = DurationText.class,
            description = "Give up on a message this long after it was spooled: 90s, 30m, 12h, 2d (default:"
                    + " ${DEFAULT-VALUE}).")
    Duration maxAge;

    @Option(names = "--retry-after", paramLabel = "DURATION", defaultValue = "5s", converter = DurationText.class,
            description = "First retry delay, doubling each time up to 10 minutes (default: ${DEFAULT-VALUE}).")
    Duration retryAfter;

    @Option(names = "--no-wait", description = "Exit once nothing is due, leaving deferred messages for a later run.")
    boolean noWait;

    @Option(names = "--resend-unknown", description = "Resend messages that may have been delivered (lost"
            + " connection after the final dot; RFC 1047).")
    boolean resendUnknown;

    @Option(names = "--no-fsync", description = "Do not sync the spool to disk (faster; a power cut may then"
            + " resend or lose messages; a crash still does not).")
    boolean noFsync;

    @Option(names = "--progress-interval", paramLabel = "SECONDS", defaultValue = "10",
            converter = Converters.Seconds.class, description = "Progress line period when not on a terminal"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration progressInterval;

    @Option(names = "--quiet", description = "No progress line.")
    boolean quiet;

    BulkCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        checkOptions();
        SmtpClient client = Submission.build(Submission.builder(server, port, helo, timeout, tls, auth, io.err())
                .extensions(Extensions.defaults().withPipelining(pipelining == ExtensionOptions.Use.auto)
                        .withChunking(chunking == ExtensionOptions.Use.auto)), tls);
        Router router = server != null ? Router.smarthost(server, port)
                : Router.mx(DirectSend.resolver(dnsServer, timeout), port);
        Path reportFile = report != null ? report : spool.resolve("report.jsonl");
        try (Outbox outbox = outbox(client, router)) {
            BulkEnqueue sink = sink(outbox);
            BulkTally tally = new BulkTally();
            try (BulkReport jsonl = new BulkReport(reportFile);
                 StopSignal stop = StopSignal.install(outbox::stop)) {
                BulkProgress progress = quiet ? null : new BulkProgress(tally, io.err(), terminal(),
                        progressInterval, jsonl::flush);
                try {
                    // Messages are spooled while the first ones already go out.
                    outbox.run(new Fanout(List.of(jsonl, tally)), () -> enqueue(sink));
                } finally {
                    if (progress != null) {
                        progress.close();
                    }
                }
            }
            if (sink.added() > 0) {
                io.error("spooled " + sink.added() + " message(s) in " + spool);
            }
            if (sink.duplicates() > 0) {
                io.error(sink.duplicates() + " message(s) already in the spool, not added again");
            }
            Map<SpoolState, Integer> counts = outbox.counts();
            BulkSummary.print(io.out(), tally, counts, spool.toString(), reportFile.toString());
            return BulkSummary.exitCode(counts);
        } catch (IOException | UncheckedIOException e) {
            throw Failure.badInput("spool " + spool + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.TEMPFAIL;
        }
    }

    private Outbox outbox(SmtpClient client, Router router) throws IOException {
        RetryPolicy retry = new RetryPolicy(retryAfter, Duration.ofMinutes(10).compareTo(retryAfter) < 0
                ? retryAfter : Duration.ofMinutes(10), 2, maxAttempts, maxAge);
        Outbox.Builder b = Outbox.builder(spool, SmtpTransport.of(client)).router(router).connections(connections)
                .perDestination(perDestination).maxPerConnection(maxPerConnection).retry(retry)
                .sync(!noFsync).resendUnknown(resendUnknown).waitForDeferred(!noWait);
        if (rate > 0) {
            b.rate(rate, Pacer.SYSTEM);
        }
        return b.build();
    }

    private BulkEnqueue sink(Outbox outbox) {
        Mailbox sender = from == null ? null : from.strip().equals("<>") ? Mailbox.NULL
                : BulkEnqueue.address("--from", from);
        List<Mailbox> forced = to.stream().map(t -> BulkEnqueue.address("--to", t)).toList();
        return new BulkEnqueue(outbox, sender, forced);
    }

    private void enqueue(BulkEnqueue sink) throws IOException {
        try {
            BulkInput.files(sources, sink);
            if (template != null) {
                BulkInput.template(template, recipients, sink);
            }
        } catch (IOException | RuntimeException e) {
            try {
                sink.finish(); // what was read before the failure is spooled
            } catch (IOException | RuntimeException also) {
                if (also != e) { // the spooling thread's failure comes back from finish() as well
                    e.addSuppressed(also);
                }
            }
            throw e;
        }
        sink.finish();
    }

    private void checkOptions() {
        if ((template == null) != (recipients == null)) {
            throw Failure.usage("--template and --recipients go together");
        }
        Submission.checkServer(server, dnsServer);
        if (retryAfter.isNegative() || maxAge.isNegative()) {
            throw Failure.usage("--retry-after and --max-age must not be negative");
        }
        if (from != null) {
            Text.requireNoControls("--from", from);
        }
        to.forEach(t -> Text.requireNoControls("--to", t));
        if (connections < 1 || perDestination < 1 || maxPerConnection < 1 || maxAttempts < 1 || rate < 0) {
            throw Failure.usage("--connections, --per-destination, --max-per-connection and --max-attempts must be"
                    + " at least 1; --rate not negative");
        }
    }

    /** Whether standard error is a terminal (progress redrawn in place). */
    private boolean terminal() {
        if (io.err() != System.err) {
            return false;
        }
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** Passes events to several listeners. */
    private record Fanout(List<dev.pigeon.outbox.OutboxListener> all) implements dev.pigeon.outbox.OutboxListener {
        @Override
        public void started(int pending) {
            all.forEach(l -> l.started(pending));
        }

        @Override
        public void queued(int more) {
            all.forEach(l -> l.queued(more));
        }

        @Override
        public void attempted(dev.pigeon.outbox.AttemptRecord record) {
            all.forEach(l -> l.attempted(record));
        }

        @Override
        public void connectionFailed(String destination, String why) {
            all.forEach(l -> l.connectionFailed(destination, why));
        }
    }

    /** {@code 90s}, {@code 30m}, {@code 12h}, {@code 2d}, or plain seconds. */
    static final class DurationText implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(java.util.Locale.ROOT);
            try {
                char unit = v.charAt(v.length() - 1);
                if (Character.isDigit(unit)) {
                    return Duration.ofSeconds(Long.parseLong(v));
                }
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                return switch (unit) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> throw new NumberFormatException();
                };
            } catch (RuntimeException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a duration like 90s,"
                        + " 30m, 12h or 2d");
            }
        }
    }
}
