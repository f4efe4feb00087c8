package dev.pigeon.cli;

import dev.pigeon.message.Address;
import dev.pigeon.message.Attachment;
import dev.pigeon.message.Message;
import dev.pigeon.message.MessageBuilder;
import dev.pigeon.protocol.InvalidAddressException;
import dev.pigeon.protocol.Mailbox;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options that make a richer composed message: Cc, Bcc, Reply-To, an HTML alternative,
 * attachments, inline parts and the text charset. A picocli mixin: a command declares
 * {@code @Mixin MessageOptions message = new MessageOptions();}, takes its RCPT list from
 * {@link #envelopeRecipients(List)} and calls {@link #applyTo} on the {@link MessageBuilder} it
 * composes with. Everything is read and checked before a connection is made.
 */
final class MessageOptions {
    @Option(names = "--cc", paramLabel = "ADDR",
            description = "Copy recipient: the Cc header and RCPT TO; repeat for several.")
    List<String> cc = new ArrayList<>();

    @Option(names = "--bcc", paramLabel = "ADDR",
            description = "Blind copy recipient: RCPT TO only, never written in the message; repeat for several.")
    List<String> bcc = new ArrayList<>();

    @Option(names = "--reply-to", paramLabel = "ADDR",
            description = "Reply-To address ('Name <a@b>' allowed); repeat for several.")
    List<String> replyTo = new ArrayList<>();

    @Option(names = "--html", paramLabel = "TEXT|@FILE",
            description = "HTML version of the body, or @FILE to read it from a UTF-8 file; sent after the"
                    + " text body as multipart/alternative (alone when there is no text body).")
    String html;

    @Option(names = "--attach", paramLabel = "FILE",
            description = "Attach a file (base64; type from its extension); repeat for several. The file is"
                    + " streamed from disk when sending.")
    List<Path> attach = new ArrayList<>();

    @Option(names = "--attach-inline", paramLabel = "FILE",
            description = "Attach a file to show inside the HTML body (multipart/related). Its Content-ID is its"
                    + " file name with characters other than letters, digits and !#$%%&'*+-/=?^_`{|}~. replaced by"
                    + " _, so --html refers to logo.png as <img src=\"cid:logo.png\">.")
    List<Path> attachInline = new ArrayList<>();

    @Option(names = "--charset", paramLabel = "NAME", converter = CharsetConverter.class,
            description = "Charset of the text and HTML parts (default: UTF-8), e.g. ISO-8859-1. A character it"
                    + " cannot write is an error, never replaced by '?'.")
    Charset charset;

    /** Whether any of these options was given. */
    boolean isUsed() {
        return !bcc.isEmpty() || !composingOptionsUsed().isEmpty();
    }

    /**
     * The options given that change the message itself (all but --bcc, which only adds
     * recipients): a prepared message sent with --data cannot take them.
     */
    List<String> composingOptionsUsed() {
        List<String> used = new ArrayList<>();
        addIf(used, !cc.isEmpty(), "--cc");
        addIf(used, !replyTo.isEmpty(), "--reply-to");
        addIf(used, html != null, "--html");
        addIf(used, !attach.isEmpty(), "--attach");
        addIf(used, !attachInline.isEmpty(), "--attach-inline");
        addIf(used, charset != null, "--charset");
        return used;
    }

    private static void addIf(List<String> list, boolean condition, String name) {
        if (condition) {
            list.add(name);
        }
    }

    /** Rejects a control character in an address: it would end a command or header line early. */
    void checkNoControls() {
        cc.forEach(a -> Text.requireNoControls("--cc", a));
        bcc.forEach(a -> Text.requireNoControls("--bcc", a));
        replyTo.forEach(a -> Text.requireNoControls("--reply-to", a));
    }

    /** The RCPT TO list: the given To mailboxes, then Cc, then Bcc, each mailbox once. */
    List<Mailbox> envelopeRecipients(List<Mailbox> to) {
        Stream<Mailbox> copies = Stream.concat(cc.stream().map(a -> address("--cc", a)),
                bcc.stream().map(a -> address("--bcc", a))).map(Address::mailbox);
        return Stream.concat(to.stream(), copies).distinct().toList();
    }

    /**
     * Adds Cc, Bcc, Reply-To, the HTML body, the charset and the attachments to {@code builder}.
     * Files are checked here (attachments are read only when the message is sent).
     *
     * @throws Failure (65) for an unreadable file, an invalid address or HTML that is not UTF-8
     */
    void applyTo(MessageBuilder builder) {
        cc.forEach(a -> builder.cc(address("--cc", a)));
        bcc.forEach(a -> builder.bcc(address("--bcc", a)));
        replyTo.forEach(a -> builder.replyTo(address("--reply-to", a)));
        if (html != null) {
            builder.html(htmlText());
        }
        if (charset != null) {
            builder.charset(charset);
        }
        for (Path file : attach) {
            builder.attach(attachment("--attach", file));
        }
        Map<String, Path> byContentId = new HashMap<>();
        for (Path file : attachInline) {
            String id = contentIdFor(file);
            Path other = byContentId.putIfAbsent(id.toLowerCase(Locale.ROOT), file);
            if (other != null) {
                throw Failure.badInput("--attach-inline " + file + " and " + other + " would both be cid:" + id
                        + "; rename one");
            }
            builder.attach(attachment("--attach-inline", file).asInline(id));
        }
    }

    /** The Content-ID for an inline file: its name, with what dot-atom text cannot hold made '_'. */
    static String contentIdFor(Path file) {
        Path name = file.getFileName();
        StringBuilder id = new StringBuilder();
        (name == null ? "" : name.toString()).codePoints().limit(200).forEach(c -> id.append(
                c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0)
                        ? (char) c : '_'));
        String s = id.toString().replace("..", "._");
        if (s.startsWith(".")) {
            s = "_" + s;
        }
        if (s.endsWith(".")) {
            s = s + "_";
        }
        return s.isEmpty() ? "inline" : s;
    }

    private static Attachment attachment(String option, Path file) {
        try {
            return Attachment.of(file);
        } catch (IOException e) {
            throw Failure.badInput(option + ": cannot read " + Text.oneLine(e.getMessage()));
        }
    }

    private String htmlText() {
        if (!html.startsWith("@")) {
            return html;
        }
        Path file = Path.of(html.substring(1));
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw Failure.badInput("--html " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw Failure.badInput("--html: cannot read " + file + ": " + Text.oneLine(describe(e)));
        }
    }

    private static Address address(String option, String text) {
        try {
            return Address.parse(text.strip());
        } catch (InvalidAddressException e) {
            throw Failure.badInput(option + " " + Text.oneLine(text) + ": not a valid address: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw Failure.badInput(option + " " + Text.oneLine(text) + ": " + e.getMessage());
        }
    }

    private static String describe(IOException e) {
        return e instanceof NoSuchFileException ? "no such file" : String.valueOf(e.getMessage());
    }

    /** {@code --charset NAME}: a charset that exists and can carry MIME text. */
    static final class CharsetConverter implements ITypeConverter<Charset> {
        @Override
        public Charset convert(String value) {
            Charset charset;
            try {
                charset = Charset.forName(value.strip());
            } catch (UnsupportedCharsetException | IllegalCharsetNameException e) {
                throw new TypeConversionException("'" + value + "' is not a charset this Java knows");
            }
            try {
                Message.builder().charset(charset);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
            return charset;
        }
    }
}
