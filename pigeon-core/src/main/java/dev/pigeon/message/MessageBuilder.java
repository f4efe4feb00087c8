package dev.pigeon.message;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import java.security.SecureRandom;

/**
 * Builds a text/plain {@link Message}. Only {@link #from} is required.
 *
 * <p>The header is written in this order: Date, From, To, Cc, Subject, Message-ID, MIME-Version,
 * then the {@linkplain #header extra fields} in the order added, then Content-Type
 * ({@code text/plain; charset=UTF-8}) and Content-Transfer-Encoding. To, Cc and Subject appear
 * only when given.
 *
 * <p>An extra field named like a generated one (Date, From, To, Cc, Subject, Message-ID; names
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
    private static final Set<String> GENERATED = caseInsensitive("Date", "From", "To", "Cc", "Subject", "Message-ID");
    private static final Set<String> COMPOSER_OWNED =
            caseInsensitive("MIME-Version", "Content-Type", "Content-Transfer-Encoding");
    private static final Set<String> AT_MOST_ONCE = caseInsensitive("Date", "From", "Sender", "Reply-To",
            "To", "Cc", "Bcc", "Message-ID", "In-Reply-To", "References", "Subject");

    private Address from;
    private final List<Address> to = new ArrayList<>();
    private final List<Address> cc = new ArrayList<>();
    private String subject;
    private String text = "";
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

    /** Composes the message. @throws IllegalStateException if no {@link #from} was given */
    public Message build() {
        if (from == null) {
            throw new IllegalStateException("a message needs a From address: call from()");
        }
        String id = messageId != null ? messageId
                : MessageIds.generate(random != null ? random : new SecureRandom(), from.mailbox().domain());
        TextBody body = TextBody.of(text);
        List<HeaderField> fields = new ArrayList<>();
        StringBuilder head = new StringBuilder(512);
        String date = RFC_5322_DATE.format(ZonedDateTime.now(clock));
        generated(fields, head, "Date", date, HeaderValues.unstructured("Date", date));
        generated(fields, head, "From", from.toString(), HeaderValues.addressList("From", List.of(from)));
        if (!to.isEmpty() || hasExtra("To")) {
            generated(fields, head, "To", joined(to), HeaderValues.addressList("To", to));
        }
        if (!cc.isEmpty() || hasExtra("Cc")) {
            generated(fields, head, "Cc", joined(cc), HeaderValues.addressList("Cc", cc));
        }
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
        add(fields, head, new HeaderField("Content-Type", "text/plain; charset=UTF-8"));
        add(fields, head, new HeaderField("Content-Transfer-Encoding", body.transferEncoding().token()));
        head.append("\r\n");
        return new Message(fields, messageIdOf(fields, id), concat(head, body.encoded()));
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

    private static byte[] concat(CharSequence head, byte[] body) {
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return set;
    }
}
