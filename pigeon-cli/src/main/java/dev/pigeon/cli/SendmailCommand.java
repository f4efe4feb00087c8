package dev.pigeon.cli;

import dev.pigeon.client.Envelope;
import dev.pigeon.client.SendResult;
import dev.pigeon.client.SessionException;
import dev.pigeon.client.SessionListener;
import dev.pigeon.client.SmtpClient;
import dev.pigeon.message.MessageSource;
import dev.pigeon.protocol.Mailbox;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pigeon sendmail}: the sendmail command line, so git send-email, cron and mutt can hand
 * their messages to pigeon. The message comes on standard input; silent on success; errors are
 * one line each on standard error; the exit status follows sysexits.h.
 */
@Command(name = "sendmail", sortOptions = false, versionProvider = VersionProvider.class,
        header = "Send the message on standard input, as sendmail(8) does (for git, cron, mutt).",
        synopsisHeading = "%nUsage: ",
        customSynopsis = "pigeon sendmail [-t] [-i] [-f FROM] [-F NAME] [-v] [OPTIONS] [--] [RECIPIENT...]",
        description = {
            "Reads a complete message (headers and body) from standard input and submits it to the"
                    + " server of the account (see --account, --config, --msmtprc) or --server. Prints"
                    + " nothing on success.",
            "",
            "Recipients are the arguments, or with -t also the To, Cc and Bcc fields. A Bcc field is"
                    + " never sent. A missing From or Date field is added. Line endings become CRLF and"
                    + " lines are dot-stuffed; the rest of the message is sent as it is.",
            "",
            "The envelope sender is -f, else the account's 'from', else the message's From, else"
                    + " USER@HOST. A recipient without a domain (cron's MAILTO=root) gets the sender's.",
            "",
            "An argument starting with '-' is an option: an address that starts with '-' must"
                    + " follow '--'. Standard input is always read to its end: a line with a single"
                    + " '.' does not end the message, so -i and -oi change nothing. Accepted and"
                    + " ignored, for compatibility: -oX (e.g. -oem, -odi), -BTYPE, -N, -R, -V, -U, -bm.",
            "",
        },
        footer = {
            "",
            "Examples:",
            "  printf 'Subject: t\\n\\nhi\\n' | pigeon sendmail -t --account work",
            "  git config sendemail.sendmailcmd 'pigeon sendmail --account work'",
            "  # crontab: MAILTO=ann@example.org, and make 'sendmail' run:",
            "  pigeon sendmail -FCronDaemon -i -oem -oi -t",
            "  # muttrc:",
            "  set sendmail = \"pigeon sendmail --account work -oem -oi\"",
        })
final class SendmailCommand implements Callable<Integer> {
    private final Io io;

    @Option(names = "-t", description = "Also send to the addresses in the To, Cc and Bcc fields.")
    boolean readRecipients;

    @Option(names = "-i", description = "Accepted; pigeon never ends the message at a '.' line.")
    boolean ignoreDots;

    @Option(names = {"-f", "-r"}, paramLabel = "FROM", description = "Envelope sender (MAIL FROM); <> for none.")
    String envelopeFrom;

    @Option(names = "-F", paramLabel = "NAME", description = "Full name for a From field that pigeon adds.")
    String fullName;

    @Option(names = "-v", description = "Print the SMTP dialogue on standard error.")
    boolean verbose;

    @Option(names = "-o", paramLabel = "OPTION", description = "A sendmail option (-oi, -oem, -odi...): accepted,"
            + " ignored.")
    List<String> sendmailOptions = new ArrayList<>();

    @Option(names = "-b", paramLabel = "MODE", description = "Mode: only m (deliver a message, the default).")
    String mode;

    @Option(names = {"-B", "-N", "-R", "-V", "-L"}, paramLabel = "VALUE", hidden = true)
    List<String> ignoredWithValue = new ArrayList<>();

    @Option(names = {"-U", "-m"}, hidden = true)
    boolean ignoredFlag;

    @Option(names = "--server", paramLabel = "HOST", description = "Server (default: the account's).")
    String server;

    @Option(names = "--port", paramLabel = "N", defaultValue = "25", converter = Converters.Port.class,
            description = "TCP port (default: the account's, else 25).")
    int port;

    @Option(names = "--helo", paramLabel = "NAME", description = "Name to send in EHLO/HELO.")
    String helo;

    @Option(names = "--timeout", paramLabel = "SECONDS", converter = Converters.Seconds.class,
            description = "Limit for every wait (default: RFC 5321's).")
    Duration timeout;

    @Mixin
    AccountOptions accounts = new AccountOptions();

    @Mixin
    TlsOptions tls = new TlsOptions();

    @Mixin
    AuthOptions auth = new AuthOptions();

    @Parameters(paramLabel = "RECIPIENT", description = "Recipient addresses (a comma-separated list is split).")
    List<String> recipients = new ArrayList<>();

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--version", versionHelp = true, description = "Print version information and exit.")
    boolean version;

    SendmailCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        checkArguments();
        AccountDefaults defaults = accounts.apply(tls, auth);
        server = defaults.server(server);
        port = defaults.port(port);
        helo = defaults.helo(helo);
        if (server == null || server.isBlank()) {
            throw Failure.usage("no server: give --server HOST, or an account (--account, --config, --msmtprc)");
        }
        Text.requireNoControls("--server", server);
        MessageHeaders headers = readHeaders();
        Mailbox sender = SendmailEnvelope.sender(envelopeFrom, defaults.from(null), headers);
        List<Mailbox> to = SendmailEnvelope.recipients(recipients, readRecipients ? headers : null, sender);
        List<String> added = MissingHeaders.forMessage(headers, sender, fullName, ZonedDateTime.now());
        MessageSource message = MessageSource.ofStream(new SequenceInputStream(
                new ByteArrayInputStream(headers.bytes(added, List.of("Bcc"))), io.in()));
        SessionListener listener = verbose ? new TranscriptPrinter(io.err(), Show.ALL, false, false) : SessionListener.NONE;
        SmtpClient client = Submission.client(server, port, helo, timeout, tls, auth, listener, io.err());
        return send(client, new Envelope(sender, to), message);
    }

    private int send(SmtpClient client, Envelope envelope, MessageSource message) {
        SendVerdict verdict;
        try {
            SendResult result = client.send(server, port, envelope, message);
            verdict = SendVerdict.of(result, false);
        } catch (SessionException e) {
            verdict = SendVerdict.of(e);
        }
        verdict.errors().forEach(io::error);
        return verdict.exitCode();
    }

    private MessageHeaders readHeaders() {
        try {
            return MessageHeaders.read(io.in());
        } catch (IOException e) {
            throw Failure.badInput("cannot read the message from standard input: " + e.getMessage());
        }
    }

    /** Refuses what could inject or be an address mistaken for an option, before reading anything. */
    private void checkArguments() {
        if (mode != null && !mode.equals("m")) {
            throw Failure.usage(looksLikeAddress(mode) ? addressAsOption("-b" + mode)
                    : "-b" + Text.oneLine(mode) + ": pigeon sendmail only delivers a message (-bm)");
        }
        List<String> values = new ArrayList<>(sendmailOptions);
        values.addAll(ignoredWithValue);
        for (String v : values) {
            if (looksLikeAddress(v)) {
                throw Failure.usage(addressAsOption(v));
            }
            Text.requireNoControls("option value", v);
        }
        if (envelopeFrom != null) {
            Text.requireNoControls("-f", envelopeFrom);
        }
        if (fullName != null) {
            Text.requireNoControls("-F", fullName);
        }
        recipients.forEach(r -> Text.requireNoControls("recipient", r));
    }

    private static boolean looksLikeAddress(String value) {
        return value.indexOf('@') >= 0;
    }

    private static String addressAsOption(String value) {
        return "'" + Text.oneLine(value) + "' was read as an option: an address starting with '-' must come"
                + " after '--'";
    }
}
