package dev.pigeon.outbox;

import dev.pigeon.protocol.Reply;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The queue id a server names in its final reply, when it names one the usual ways: Postfix and
 * pigeon ({@code 250 2.0.0 Ok: queued as 4F3K2x}), Exim ({@code 250 OK id=1rX-000A}), Sendmail
 * ({@code 250 2.0.0 3AB1c2 Message accepted for delivery}) is not recognised: too ambiguous.
 */
final class QueueIds {
    private static final Pattern QUEUED_AS = Pattern.compile("(?i)queued as\\s+<?([A-Za-z0-9._@-]+)>?");
    private static final Pattern ID = Pattern.compile("(?i)\\bid=([A-Za-z0-9._-]+)");

    private QueueIds() {}

    static Optional<String> of(Reply reply) {
        String text = reply.text();
        Matcher m = QUEUED_AS.matcher(text);
        if (m.find()) {
            return Optional.of(m.group(1));
        }
        m = ID.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
