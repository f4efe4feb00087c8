package dev.pigeon.cli;

import dev.pigeon.client.Envelope;
import dev.pigeon.client.Protocol;
import dev.pigeon.client.SendResult;
import dev.pigeon.client.SessionException;
import dev.pigeon.client.SmtpClient;
import dev.pigeon.client.Stage;
import dev.pigeon.message.Address;
import dev.pigeon.message.MessageSource;
import dev.pigeon.protocol.InvalidAddressException;
import dev.pigeon.protocol.Mailbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pigeon send}: one message to one server, the dialogue printed as it happens. Every
 * argument is checked before a connection is made, so a bad one sends nothing.
 */
@Command(name = "send", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        header = "Send one message to an SMTP server, showing the dialogue.",
        description = {
            "Prints the dialogue as it happens: '<-  ' server lines (escaped: control bytes show as"
                    + " \\xNN), ' -> ' client lines, '=== ' connection notes, '*** ' errors. Errors also"
                    + " go to standard error, one line each. Under TLS the markers are '<~  ' and ' ~> ';"
                    + " credentials show as ****.",
            "",
            "TLS: STARTTLS when offered (implicit TLS on port 465); the certificate and host name are"
                    + " always verified unless --tls-insecure. AUTH credentials never cross a connection"
                    + " without TLS unless --auth-plaintext.",
            "",
            "A control character (CR, LF, ...) in an address, header, subject or HELO name is a usage"
                    + " error (64) and nothing is sent; an invalid address or header, or an unreadable file,"
                    + " is bad input (65).",
            "",
        },
        footer = {
            "",
            "Examples:",
            "  pigeon send --server 127.0.0.1 --port 2525 \\",
            "      --from a@example.org --to b@example.org --subject Hi --body 'See you'",
            "  pigeon send --server mx.example.org --protocol smtp --helo aut.uah.es \\",
            "      --from arqredes@aut.uah.es --to correo_profesor@aut.uah.es \\",
            "      --data message.eml --show server",
            "  PW=... pigeon send --server smtp.example.org --port 587 --tls \\",
            "      --auth --auth-user ann --auth-password-env PW \\",
            "      --from ann@example.org --to bob@example.org --body hi",
            "  pigeon send --server 127.0.0.1 --port 2525 --tls --tls-ca cert.pem ...",
            "  pigeon send --protocol lmtp --socket /run/dovecot/lmtp \\",
            "      --from a@example.org --to alice@example.org --body hi",
            "",
            "A partly refused message exits 0 and names each refused recipient on",
            "standard error; --strict-recipients makes that exit 67. With LMTP each",
            "recipient also has its own reply after the message: one refused there",
            "counts as refused (every one refused: 67, or 75 if any only for now).",
        })
final class SendCommand implements Callable<Integer> {
    private final Io io;

    @Option(names = "--server", paramLabel = "HOST",
            description = "Server: a host name, an IPv4 address or an IPv6 address (brackets optional)."
                    + " Without it, each recipient domain's mail exchangers (MX) are looked up in DNS.")
    String server;

    @Option(names = "--dns-server", paramLabel = "HOST[:PORT]",
            description = "DNS server for the MX look-ups when there is no --server (default: the system's).")
    String dnsServer;

    @Option(names = "--port", paramLabel = "N", defaultValue = "25", converter = Converters.Port.class,
            description = "TCP port (default: ${DEFAULT-VALUE}; 24 with --protocol lmtp).")
    int port;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "Connect to this unix-domain socket instead of --server/--port (an LMTP server's,"
                    + " say: --protocol lmtp). No TLS on a unix-domain socket.")
    Path socket;

    @Option(names = "--from", paramLabel = "ADDR",
            description = "Sender: the envelope's MAIL FROM and the From header ('Name <a@b>' allowed);"
                    + " required unless the account has one.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "ADDR",
            description = "Recipient (RCPT TO and the To header); repeat for several.")
    List<String> to = new ArrayList<>();

    @Option(names = "--helo", paramLabel = "NAME",
            description = "Name to send in EHLO/HELO (default: this host's name if it is fully qualified,"
                    + " else localhost.localdomain).")
    String helo;

    @Option(names = "--protocol", paramLabel = "smtp|esmtp|lmtp", defaultValue = "esmtp",
            description = "esmtp (default): EHLO, falling back to HELO; smtp: HELO only, the classic dialogue;"
                    + " lmtp: LMTP (RFC 2033): LHLO, and one reply per recipient after the message.")
    Protocol protocol;

    @Option(names = "--subject", paramLabel = "TEXT", description = "Subject (any Unicode text).")
    String subject;

    @Option(names = "--header", paramLabel = "\"Name: value\"",
            description = "Extra header field; repeat for several. A generated field of the same name"
                    + " (Date, Message-ID, To...) is replaced.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--body", paramLabel = "TEXT|@FILE|-",
            description = "Body text, or @FILE to read it from a UTF-8 file, or - for standard input"
                    + " (default: an empty body).")
    String body;

    @Option(names = "--data", paramLabel = "FILE|-",
            description = "Send this complete message (headers and body) as is, apart from CRLF line"
                    + " endings and dot-stuffing; - reads standard input. Excludes --subject, --header, --body.")
    String data;

    @Option(names = "--timeout", paramLabel = "SECONDS", converter = Converters.Seconds.class,
            description = "Limit for every wait (connect, each reply, each write); decimals allowed."
                    + " Default: RFC 5321's limits (30 s to connect, 5 min per reply, 10 min after the data).")
    Duration timeout;

    @Option(names = "--quit-after", paramLabel = Converters.QuitAfter.NAMES, converter = Converters.QuitAfter.class,
            description = "Stop (QUIT) after this step succeeds; exit 0 if every reply so far was positive.")
    Stage quitAfter;

    @Mixin
    TlsOptions tls = new TlsOptions();

    @Mixin
    AuthOptions auth = new AuthOptions();

    @Mixin
    MessageOptions message = new MessageOptions();

    @Mixin
    ShowOption show = new ShowOption();

    @Mixin
    AccountOptions accounts = new AccountOptions();

    @Mixin
    JsonOutput json = new JsonOutput();

    @Mixin
    ExtensionOptions extensions = new ExtensionOptions();

    @Option(names = "--show-data",
            description = "Print each content line as sent (dot-stuffed) instead of a one-line summary.")
    boolean showData;

    @Option(names = "--strict-recipients",
            description = "Exit 67 when any recipient is refused, not only when all are.")
    boolean strictRecipients;

    @Spec
    CommandSpec spec;

    SendCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        AccountDefaults account = accounts.apply(tls, auth); // command-line options win over the account
        server = socket == null ? account.server(server) : server;
        port = socket == null ? account.port(port) : port;
        from = account.from(from);
        helo = account.helo(helo);
        if (from == null) {
            throw Failure.usage("missing --from ADDR (or 'from' in the account: see --account)");
        }
        if (json.enabled && server == null && socket == null) {
            throw Failure.usage("--json reports one session: it needs --server (or --socket), not MX delivery");
        }
        checkNoControls();
        message.checkNoControls();
        if (data != null && (body != null || subject != null || !headers.isEmpty()
                || !message.composingOptionsUsed().isEmpty())) {
            throw Failure.usage("--data sends a complete message: it cannot be combined with --body, --subject,"
                    + " --header, --cc, --reply-to, --html, --attach, --attach-inline or --charset");
        }
        port = SendTarget.checkedPort(spec.commandLine().getParseResult(), socket, protocol, port, tls);
        SmtpClient.Builder builder = Submission.builder(server, port, helo, timeout, tls, auth, io.err());
        Envelope envelope = envelope();
        MessageSource content = data != null ? MessageInput.data(data, io.in())
                : MessageInput.compose(headerAddress(from), to.stream().map(SendCommand::headerAddress).toList(),
                        subject, headers, body, io.in(), message::applyTo);
        TranscriptPrinter transcript = json.transcript(io, show.show, showData);
        SmtpClient client = client(builder, transcript);
        if (server == null && socket == null) {
            return new DirectSend(io, transcript, strictRecipients)
                    .send(client, DirectSend.resolver(dnsServer, timeout), port, envelope, content);
        }
        return send(client, envelope, content, transcript);
    }

    private int send(SmtpClient client, Envelope envelope, MessageSource message, TranscriptPrinter transcript) {
        SendVerdict verdict;
        boolean alreadyShown = false;
        try {
            SendResult result = socket != null ? client.send(socket, envelope, message)
                    : client.send(server, port, envelope, message);
            verdict = SendVerdict.of(result, strictRecipients);
            json.result(result);
            ExtensionOptions.printNotices(io, result);
        } catch (SessionException e) {
            verdict = SendVerdict.of(e);
            json.failure(e);
            alreadyShown = e.stage() == Stage.CONNECT && transcript.connectFailureShown();
        }
        for (String line : verdict.errors()) {
            if (verdict.exitCode() != ExitCodes.OK && !alreadyShown) {
                transcript.error(line);
            }
            io.error(line);
        }
        json.print(io.out(), socket != null ? socket.toString() : server, port, verdict);
        return verdict.exitCode();
    }

    private SmtpClient client(SmtpClient.Builder builder, TranscriptPrinter transcript) {
        builder.protocol(protocol)
                .listener(json.listener(transcript))
                .extensions(extensions.extensions());
        if (quitAfter != null) {
            builder.quitAfter(quitAfter);
        }
        return Submission.build(builder, tls);
    }

    /** Controls would end a command or header line early: refuse before anything else. */
    private void checkNoControls() {
        Submission.checkServer(server, dnsServer);
        Text.requireNoControls("--from", from);
        to.forEach(t -> Text.requireNoControls("--to", t));
        if (helo != null) {
            Text.requireNoControls("--helo", helo);
        }
        if (subject != null) {
            Text.requireNoControls("--subject", subject.replace('\t', ' '));
        }
        headers.forEach(h -> Text.requireNoControls("--header", h.replace('\t', ' ')));
    }

    private Envelope envelope() {
        List<Mailbox> recipients = to.stream().map(t -> envelopeAddress("--to", t)).toList();
        return new Envelope(envelopeAddress("--from", from), message.envelopeRecipients(recipients));
    }

    /** The envelope address: {@code a@b}, {@code <a@b>}, {@code Name <a@b>}, or {@code <>} for --from. */
    private static Mailbox envelopeAddress(String option, String text) {
        try {
            String t = text.strip();
            if (t.equals("<>")) {
                if (option.equals("--to")) {
                    throw Failure.badInput("--to <>: the null path is only a sender");
                }
                return Mailbox.NULL;
            }
            if (!dev.pigeon.protocol.Xtext.isAscii(t) && t.indexOf(' ') < 0) {
                return Mailbox.parse(t); // a UTF-8 address (RFC 6531): the envelope takes it; SMTPUTF8 decides
            }
            return Address.parse(t).mailbox();
        } catch (InvalidAddressException e) {
            throw Failure.badInput(option + " " + Text.oneLine(text) + ": not a valid address: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw Failure.badInput(option + " " + Text.oneLine(text) + ": " + e.getMessage());
        }
    }

    private static Address headerAddress(String text) {
        try {
            return Address.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw Failure.badInput("cannot write " + Text.oneLine(text) + " in a header: " + e.getMessage()
                    + " (use --data to send a prepared message)");
        }
    }
}
