package dev.pigeon.cli;

import dev.pigeon.client.Envelope;
import dev.pigeon.client.Protocol;
import dev.pigeon.client.SendResult;
import dev.pigeon.client.SessionException;
import dev.pigeon.client.SmtpClient;
import dev.pigeon.message.MessageSource;
import dev.pigeon.protocol.Escaping;
import dev.pigeon.server.ReceivedEnvelope;
import dev.pigeon.server.ReceivedMessage;
import dev.pigeon.server.SmtpServer;
import dev.pigeon.transport.Timeouts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pigeon demo}: the classic lab dialogue (HELO, MAIL, RCPT, DATA with two lines, QUIT)
 * against the built-in server on a loopback port, then proof that the message arrived intact.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        header = "Replay the classic lab dialogue against the built-in server.",
        description = {
            "Starts the built-in server on 127.0.0.1 (any free port) with a Maildir in a new"
                    + " temporary folder and replays the lab dialogue in plain SMTP: HELO aut.uah.es,"
                    + " MAIL FROM:<arqredes@aut.uah.es>, RCPT TO:<correo_profesor@aut.uah.es>, DATA with"
                    + " the two lines 'See you soon' and 'Nice to meet you', QUIT. Then it reads the"
                    + " message back from the Maildir and shows where it landed, its envelope and its body.",
            "",
        },
        footer = {
            "",
            "Examples:",
            "  pigeon demo",
            "  pigeon demo --show server --keep",
            "",
            "The content is exactly the two lines, without headers, as in the lab, so",
            "what arrives is compared byte for byte with what was sent (after the trace",
            "headers the server adds). The temporary Maildir is deleted when the demo",
            "ends, unless --keep is given.",
            "",
            "Exit status:",
            "   0  the message arrived byte for byte as sent, with the same envelope",
            "  70  what arrived differs from what was sent (the differences are",
            "      printed), or the server did not store it within 10 seconds",
            "  other statuses as for 'pigeon send' if the dialogue itself failed",
        })
final class DemoCommand implements Callable<Integer> {
    static final String HELO = "aut.uah.es";
    static final String FROM = "arqredes@aut.uah.es";
    static final String TO = "correo_profesor@aut.uah.es";
    static final List<String> BODY = List.of("See you soon", "Nice to meet you");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Io io;

    @Mixin
    ShowOption show = new ShowOption();

    @Option(names = "--keep", description = "Keep the temporary Maildir (its path is printed) instead of deleting it.")
    boolean keep;

    DemoCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        SmtpServer.Builder builder = SmtpServer.builder();
        if (keep) {
            builder.maildir(Files.createTempDirectory("pigeon-demo-"));
        }
        TranscriptPrinter transcript = new TranscriptPrinter(io.out(), show.show, true, io.colour());
        try (SmtpServer server = builder.build().start()) {
            transcript.note("Built-in server listening on " + TranscriptPrinter.hostPort(server.address())
                    + ", storing to " + server.maildir());
            int sent = replay(server, transcript);
            if (sent != ExitCodes.OK) {
                return sent;
            }
            return proveReceipt(server, transcript);
        }
    }

    static byte[] content() {
        return (String.join("\r\n", BODY) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private int replay(SmtpServer server, TranscriptPrinter transcript) {
        SmtpClient client = SmtpClient.builder().protocol(Protocol.SMTP).helo(HELO)
                .timeouts(Timeouts.uniform(WAIT)).listener(transcript).build();
        String host = server.address().getAddress().getHostAddress();
        SendVerdict verdict;
        try {
            SendResult result = client.send(host, server.port(), Envelope.of(FROM, TO), MessageSource.ofBytes(content()));
            verdict = SendVerdict.of(result, true);
        } catch (SessionException e) {
            verdict = SendVerdict.of(e);
        }
        for (String line : verdict.errors()) {
            transcript.error(line);
            io.error(line);
        }
        return verdict.exitCode();
    }

    private int proveReceipt(SmtpServer server, TranscriptPrinter transcript) throws IOException {
        ReceivedMessage message;
        try {
            message = server.inbox().awaitMessage(WAIT);
        } catch (TimeoutException e) {
            return mismatch(transcript, List.of("the built-in server did not store the message within "
                    + WAIT.toSeconds() + " seconds"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return mismatch(transcript, List.of("interrupted while waiting for the message to arrive"));
        }
        byte[] received = message.content();
        transcript.note("Stored in " + message.path() + (keep ? "" : " (deleted when the demo ends; --keep keeps it)"));
        transcript.note("Envelope: from <" + message.envelope().from().address() + "> to "
                + String.join(", ", message.envelope().recipients().stream().map(m -> m.toPath()).toList()));
        transcript.note("Body, after the " + message.traceHeaderLength() + " bytes of trace headers the server added:");
        for (String line : lines(received)) {
            transcript.indented(line);
        }
        List<String> differences = differences(message.envelope(), received);
        if (!differences.isEmpty()) {
            return mismatch(transcript, differences);
        }
        transcript.note("OK: the message arrived exactly as sent (" + received.length + " bytes)");
        return ExitCodes.OK;
    }

    /** What differs between what the demo sent and what the server stored; empty when nothing does. */
    static List<String> differences(ReceivedEnvelope envelope, byte[] received) {
        List<String> out = new ArrayList<>();
        if (!envelope.from().address().equals(FROM)) {
            out.add("envelope sender is <" + envelope.from().address() + ">, not <" + FROM + ">");
        }
        List<String> recipients = envelope.recipients().stream().map(m -> m.address()).toList();
        if (!recipients.equals(List.of(TO))) {
            out.add("envelope recipients are " + recipients + ", not [" + TO + "]");
        }
        byte[] sent = content();
        if (!Arrays.equals(sent, received)) {
            out.add("content differs: sent " + sent.length + " bytes \"" + Escaping.visible(sent)
                    + "\", received " + received.length + " bytes \"" + Escaping.visible(received) + "\"");
        }
        return out;
    }

    private int mismatch(TranscriptPrinter transcript, List<String> differences) {
        for (String d : differences) {
            transcript.error(d);
            io.error(d);
        }
        return ExitCodes.SOFTWARE;
    }

    /** The content's lines without their CRLF, each escaped for printing. */
    private static List<String> lines(byte[] content) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i + 1 < content.length; i++) {
            if (content[i] == '\r' && content[i + 1] == '\n') {
                out.add(Escaping.visible(Arrays.copyOfRange(content, start, i)));
                start = i + 2;
                i++;
            }
        }
        if (start < content.length) {
            out.add(Escaping.visible(Arrays.copyOfRange(content, start, content.length)));
        }
        return out;
    }
}
