package dev.pigeon.message;

import dev.pigeon.protocol.Mailbox;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import java.security.SecureRandom;

/**
 * Builds a {@link Message}: plain text, optionally HTML, attachments and inline parts. Only
 * {@link #from} is required.
 *
 * <p>The header is written in this order: Date, From, Reply-To, To, Cc, Subject, Message-ID,
 * MIME-Version, then the {@linkplain #header extra fields} in the order added, then Content-Type
 * and (except for a 7-bit multipart) Content-Transfer-Encoding. Reply-To, To, Cc and Subject
 * appear only when given. Bcc recipients are never written: they are only in
 * {@link #envelopeRecipients()}.
 *
 * <p>The body is text/plain alone when there is nothing else; {@link #html} adds a
 * multipart/alternative, inline attachments a multipart/related and other attachments a
 * multipart/mixed (see {@link MimeTree}). Text is written in {@link #charset} (UTF-8 by default) as
 * 7bit or quoted-printable, or as 8bit when {@link #allow8bit} says the transport takes it;
 * attachments are base64 and streamed from disk.
 *
 * <p>An extra field named like a generated one (Date, From, Reply-To, To, Cc, Subject, Message-ID; names
 * are case-insensitive) <em>replaces</em> it, in its place, rather than adding a second one. Its
 * value is written as unstructured text: as it is when printable ASCII, RFC 2047-encoded
 * otherwise. MIME-Version, Content-Type and Content-Transfer-Encoding are refused, since they
 * must agree with how the body is encoded. A field that RFC 5322 allows only once (Date, From,
 * Sender, Reply-To, To, Cc, Bcc, Message-ID, In-Reply-To, References, Subject) is refused the
 * second time. Other names may repeat.
 *
 * <p>Every value that reaches the header is checked: a CR, LF, NUL or other control character in
 * a subject, field value or display name throws {@link IllegalArgumentException} naming the field,
 * when it is set. A builder is not thread-safe; {@link #build} may be called more than once.
 */
public final class MessageBuilder {
    private static final DateTimeFormatter RFC_5322_DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.ENGLISH);
    private static final Set<String> GENERATED = caseInsensitive("Date", "From", "Reply-To", "To", "Cc", "Subject",
            "Message-ID");
    private static final Set<String> COMPOSER_OWNED =
            caseInsensitive("MIME-Version", "Content-Type", "Content-Transfer-Encoding");
    private static final Set<String> AT_MOST_ONCE = caseInsensitive("Date", "From", "Sender", "Reply-To",
            "To", "Cc", "Bcc", "Message-ID", "In-Reply-To", "References", "Subject");

    private Address from;
    private final List<Address> to = new ArrayList<>();
    private final List<Address> cc = new ArrayList<>();
    private final List<Address> bcc = new ArrayList<>();
    private final List<Address> replyTo = new ArrayList<>();
    private String subject;
    private String text = "";
    private String html;
    private Charset charset = StandardCharsets.UTF_8;
    private boolean allow8bit;
    private final List<Attachment> attachments = new ArrayList<>();
    private final List<HeaderField> extraFields = new ArrayList<>();
    private Clock clock = Clock.systemDefaultZone();
    private String messageId;
    private RandomGenerator random;

    MessageBuilder() {}

    /** The author; its domain also ends the generated Message-ID. */
    public MessageBuilder from(Address author) {
        this.from = Objects.requireNonNull(author, "from");
        return this;
    }

    /** Same as {@code from(Address.parse(address))}. */
    public MessageBuilder from(String address) {
        return from(Address.parse(address));
    }

    /** Adds recipients to To. */
    public MessageBuilder to(Address... recipients) {
        to.addAll(List.of(recipients));
        return this;
    }

    /** Adds recipients to To, each parsed with {@link Address#parse}. */
    public MessageBuilder to(String... recipients) {
        for (String r : recipients) {
            to.add(Address.parse(r));
        }
        return this;
    }

    /** Adds recipients to Cc. */
    public MessageBuilder cc(Address... recipients) {
        cc.addAll(List.of(recipients));
        return this;
    }

    /** Adds recipients to Cc, each parsed with {@link Address#parse}. */
    public MessageBuilder cc(String... recipients) {
        for (String r : recipients) {
            cc.add(Address.parse(r));
        }
        return this;
    }

    /** Adds Bcc recipients: they receive the message but appear in no header. */
    public MessageBuilder bcc(Address... recipients) {
        bcc.addAll(List.of(recipients));
        return this;
    }

    /** Adds Bcc recipients, each parsed with {@link Address#parse}. */
    public MessageBuilder bcc(String... recipients) {
        for (String r : recipients) {
            bcc.add(Address.parse(r));
        }
        return this;
    }

    /** Adds addresses to Reply-To. */
    public MessageBuilder replyTo(Address... addresses) {
        replyTo.addAll(List.of(addresses));
        return this;
    }

    /** Adds addresses to Reply-To, each parsed with {@link Address#parse}. */
    public MessageBuilder replyTo(String... addresses) {
        for (String a : addresses) {
            replyTo.add(Address.parse(a));
        }
        return this;
    }

    /**
     * Where the message is to be delivered: To, Cc and Bcc in that order, each mailbox once. This is
     * the envelope's RCPT TO list; a Bcc recipient is here and in no header.
     */
    public List<Mailbox> envelopeRecipients() {
        LinkedHashSet<Mailbox> all = new LinkedHashSet<>();
        for (List<Address> list : List.of(to, cc, bcc)) {
            list.forEach(a -> all.add(a.mailbox()));
        }
        return List.copyOf(all);
    }

    /** The subject, any Unicode text without control characters (tabs allowed). */
    public MessageBuilder subject(String subject) {
        HeaderField.requireValidValue("Subject", Objects.requireNonNull(subject, "subject"));
        this.subject = subject;
        return this;
    }

    /** The body text; line breaks may be LF, CR or CRLF (see {@link TextBody}'s rules). */
    public MessageBuilder text(String text) {
        this.text = Objects.requireNonNull(text, "text");
        return this;
    }

    /**
     * An HTML version of the body, sent after the text in a multipart/alternative (or alone when
     * the text is empty). Line breaks are normalised like the text's.
     */
    public MessageBuilder html(String html) {
        this.html = Objects.requireNonNull(html, "html");
        return this;
    }

    /**
     * The charset of the text and HTML parts (default UTF-8). Characters it cannot represent are
     * refused when the message is built, never replaced.
     *
     * @throws IllegalArgumentException for a charset that cannot carry MIME text (one that does not
     *     write ASCII and CRLF as ASCII, such as UTF-16, or that cannot encode)
     */
    public MessageBuilder charset(Charset charset) {
        this.charset = TextCharsets.requireMimeText(Objects.requireNonNull(charset, "charset"));
        return this;
    }

    /**
     * Whether the transport accepts 8-bit data (8BITMIME): text parts with octets above 127 are then
     * sent as {@code 8bit} instead of quoted-printable. Default false: the output is 7-bit ASCII.
     * Lines over 998 octets and NULs are encoded either way.
     */
    public MessageBuilder allow8bit(boolean allow) {
        this.allow8bit = allow;
        return this;
    }

    /** Adds an attachment (a download, or inline when it has a Content-ID), in order. */
    public MessageBuilder attach(Attachment attachment) {
        attachments.add(Objects.requireNonNull(attachment, "attachment"));
        return this;
    }

    /** Same as {@code attach(Attachment.of(file))}. @throws IOException if the file cannot be read */
    public MessageBuilder attach(Path file) throws IOException {
        return attach(Attachment.of(file));
    }

    /** Same as {@code attach(Attachment.inline(file, contentId))}. */
    public MessageBuilder attachInline(Path file, String contentId) throws IOException {
        return attach(Attachment.inline(file, contentId));
    }

    /** Adds a header field (see the class comment for replacement and refusal rules). */
    public MessageBuilder header(String name, String value) {
        HeaderField field = new HeaderField(name, value);
        if (COMPOSER_OWNED.contains(name)) {
            throw new IllegalArgumentException("header " + name + " is written by the composer to match the body");
        }
        if (AT_MOST_ONCE.contains(name) && extraFields.stream().anyMatch(f -> f.hasName(name))) {
            throw new IllegalArgumentException("header " + name + " may appear only once");
        }
        extraFields.add(field);
        return this;
    }

    /** The clock for the Date field (its zone gives the offset); defaults to the system clock. */
    public MessageBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** A fixed Message-ID, {@code left@right} with or without angle brackets. */
    public MessageBuilder messageId(String id) {
        this.messageId = MessageIds.checked(Objects.requireNonNull(id, "id"));
        return this;
    }

    /** The randomness for generated Message-IDs; defaults to a {@link SecureRandom}. */
    public MessageBuilder random(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
        return this;
    }

    /**
     * Composes the message. Files are not read here (only when the message is written).
     *
     * @throws IllegalStateException if no {@link #from} was given, or two inline parts share a
     *     Content-ID
     * @throws IllegalArgumentException if the text or HTML holds a character the charset cannot
     *     represent, or one whose encoding would hold a stray CR, LF or NUL
     */
    public Message build() {
        if (from == null) {
            throw new IllegalStateException("a message needs a From address: call from()");
        }
        requireDistinctContentIds();
        RandomGenerator rng = random != null ? random : new SecureRandom();
        String id = messageId != null ? messageId : MessageIds.generate(rng, from.mailbox().domain());
        TextPart textPart = new TextPart("plain", TextBody.of("body text", text, charset, allow8bit));
        TextPart htmlPart = html == null ? null : new TextPart("html", TextBody.of("HTML body", html, charset, allow8bit));
        MimePart body = MimeTree.of(textPart, htmlPart, attachments, rng);

        List<HeaderField> fields = new ArrayList<>();
        StringBuilder head = new StringBuilder(512);
        String date = RFC_5322_DATE.format(ZonedDateTime.now(clock));
        generated(fields, head, "Date", date, HeaderValues.unstructured("Date", date));
        generated(fields, head, "From", from.toString(), HeaderValues.addressList("From", List.of(from)));
        addressField(fields, head, "Reply-To", replyTo);
        addressField(fields, head, "To", to);
        addressField(fields, head, "Cc", cc);
        if (subject != null || hasExtra("Subject")) {
            String s = subject == null ? "" : subject;
            generated(fields, head, "Subject", s, HeaderValues.unstructured("Subject", s));
        }
        generated(fields, head, "Message-ID", id, HeaderValues.unstructured("Message-ID", id));
        add(fields, head, new HeaderField("MIME-Version", "1.0"));
        for (HeaderField f : extraFields) {
            if (!GENERATED.contains(f.name())) {
                add(fields, head, f);
            }
        }
        fields.addAll(body.fields());
        head.append(body.renderedFields()).append("\r\n");
        return new Message(fields, messageIdOf(fields, id), head.toString().getBytes(StandardCharsets.US_ASCII),
                body, envelopeRecipients());
    }

    /** An address list field when given, or the extra field that replaces it. */
    private void addressField(List<HeaderField> fields, StringBuilder head, String name, List<Address> addresses) {
        if (!addresses.isEmpty() || hasExtra(name)) {
            generated(fields, head, name, joined(addresses), HeaderValues.addressList(name, addresses));
        }
    }

    private void requireDistinctContentIds() {
        Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (Attachment a : attachments) {
            if (a.contentId().isPresent() && !seen.add(a.contentId().get())) {
                throw new IllegalStateException("two inline parts have the Content-ID " + a.contentId().get());
            }
        }
    }

    /** Writes a generated field, or the extra field of the same name in its place. */
    private void generated(List<HeaderField> fields, StringBuilder head, String name, String text, String rendered) {
        for (HeaderField f : extraFields) {
            if (f.hasName(name)) {
                add(fields, head, f);
                return;
            }
        }
        fields.add(new HeaderField(name, text));
        head.append(rendered);
    }

    private static void add(List<HeaderField> fields, StringBuilder head, HeaderField field) {
        fields.add(field);
        head.append(HeaderValues.unstructured(field.name(), field.value()));
    }

    private boolean hasExtra(String name) {
        return extraFields.stream().anyMatch(f -> f.hasName(name));
    }

    private static String messageIdOf(List<HeaderField> fields, String generated) {
        return fields.stream().filter(f -> f.hasName("Message-ID")).map(HeaderField::value)
                .findFirst().orElse(generated);
    }

    private static String joined(List<Address> addresses) {
        return String.join(", ", addresses.stream().map(Address::toString).toList());
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return set;
    }
}
