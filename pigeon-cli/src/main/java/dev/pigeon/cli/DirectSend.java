package dev.pigeon.cli;

import dev.pigeon.client.Envelope;
import dev.pigeon.client.SmtpClient;
import dev.pigeon.delivery.Attempt;
import dev.pigeon.delivery.DeliveryListener;
import dev.pigeon.delivery.DeliveryOutcome;
import dev.pigeon.delivery.DirectDelivery;
import dev.pigeon.delivery.DomainDelivery;
import dev.pigeon.delivery.DomainGroup;
import dev.pigeon.delivery.MailExchanger;
import dev.pigeon.delivery.MxResolver;
import dev.pigeon.delivery.Route;
import dev.pigeon.message.MessageSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code pigeon send} without {@code --server}: each recipient domain's mail exchangers, found in
 * DNS, in preference order (RFC 5321 5.1). The session transcript is printed as usual; routing
 * decisions are {@code ===} notes.
 */
final class DirectSend {
    private final Io io;
    private final TranscriptPrinter transcript;
    private final boolean strictRecipients;

    DirectSend(Io io, TranscriptPrinter transcript, boolean strictRecipients) {
        this.io = io;
        this.transcript = transcript;
        this.strictRecipients = strictRecipients;
    }

    static MxResolver resolver(String dnsServer, Duration timeout) {
        MxResolver.Builder builder = MxResolver.builder();
        if (dnsServer != null) {
            try {
                builder.server(MxResolver.parseServer(dnsServer));
            } catch (IllegalArgumentException e) {
                throw Failure.usage("--dns-server " + Text.oneLine(dnsServer) + ": " + e.getMessage());
            }
        }
        if (timeout != null) {
            builder.timeout(timeout);
        }
        return builder.build();
    }

    int send(SmtpClient client, MxResolver resolver, int port, Envelope envelope, MessageSource content) {
        Path spooled = null;
        try {
            MessageSource message = content;
            if (!content.isRepeatable() && domainCount(envelope) > 1) {
                // Several domains each need the whole message: keep one copy on disk, not in memory.
                spooled = spool(content);
                message = MessageSource.ofFile(spooled);
            }
            DirectDelivery delivery = DirectDelivery.builder(client, resolver).port(port)
                    .listener(new RoutingNotes()).build();
            int exit = ExitCodes.OK;
            for (DomainDelivery domain : delivery.deliver(envelope, message)) {
                exit = worse(exit, report(domain));
            }
            return exit;
        } finally {
            deleteQuietly(spooled);
        }
    }

    private int report(DomainDelivery domain) {
        SendVerdict verdict = switch (domain.outcome()) {
            case DeliveryOutcome.Completed c -> SendVerdict.of(c.result(), strictRecipients);
            case DeliveryOutcome.Failed f -> SendVerdict.of(f.failure());
            case DeliveryOutcome.Unroutable u -> new SendVerdict(
                    u.failure().permanent() ? ExitCodes.UNAVAILABLE : ExitCodes.TEMPFAIL,
                    List.of(domain.group().domain() + ": " + Text.oneLine(u.failure().reason())));
        };
        for (String line : verdict.errors()) {
            if (verdict.exitCode() != ExitCodes.OK) {
                transcript.error(line);
            }
            io.error(line);
        }
        return verdict.exitCode();
    }

    /** A permanent failure outranks a temporary one, which outranks success. */
    static int worse(int a, int b) {
        if (a == ExitCodes.OK) {
            return b;
        }
        if (a == ExitCodes.TEMPFAIL && b != ExitCodes.OK) {
            return b;
        }
        return a;
    }

    private static long domainCount(Envelope envelope) {
        return envelope.recipients().stream().map(m -> m.domain().toLowerCase(java.util.Locale.ROOT)).distinct().count();
    }

    private static Path spool(MessageSource content) {
        try {
            Path file = Files.createTempFile("pigeon-message-", ".eml");
            try (OutputStream out = Files.newOutputStream(file)) {
                content.writeTo(out);
            }
            return file;
        } catch (IOException e) {
            throw Failure.badInput("cannot keep a copy of the message for several domains: " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Routing as {@code ===} notes in the transcript. */
    private final class RoutingNotes implements DeliveryListener {
        @Override
        public void routed(DomainGroup group, Route route) {
            switch (route) {
                case Route.Resolved r -> transcript.note("Mail for " + group.domain() + " goes to "
                        + (r.implicit() ? "its own address (no MX records): " : "")
                        + r.exchangers().stream().map(DirectSend::describe).collect(Collectors.joining(", ")));
                case Route.Failure f -> transcript.note("No route to " + group.domain() + ": " + Text.oneLine(f.reason()));
            }
        }

        @Override
        public void trying(DomainGroup group, MailExchanger exchanger, InetAddress address) {
            transcript.note("Delivering to " + exchanger.host() + " (" + address.getHostAddress() + ")");
        }

        @Override
        public void attempted(DomainGroup group, Attempt attempt) {
            // The session transcript already said what happened.
        }
    }

    private static String describe(MailExchanger exchanger) {
        return exchanger.host() + " (preference " + exchanger.preference() + ")";
    }
}
