package dev.pigeon.cli;

import dev.pigeon.protocol.Reply;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The queue id a server names in its reply to the end of data, in the formats common servers use:
 * Postfix and pigeon ({@code 250 2.0.0 Ok: queued as 4BfXyz1}), Exim ({@code 250 OK id=1rAbC-000123-Xy}),
 * Exchange ({@code 250 2.6.0 <id@host> [InternalId=...] Queued mail for delivery}) and sendmail
 * ({@code 250 2.0.0 4ABCD123 Message accepted for delivery}).
 */
final class QueueId {
    private static final List<Pattern> PATTERNS = List.of(
            Pattern.compile("\\bqueued as ([!-~]+?)[.,;]?(?:\\s|$)", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\bid=([!-~]+?)[.,;]?(?:\\s|$)", Pattern.CASE_INSENSITIVE),
            Pattern.compile("<([!-=?-~]+)>.*\\bqueued\\b", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^(?:[245]\\.\\d{1,3}\\.\\d{1,3} )?([A-Za-z0-9]+) Message accepted for delivery",
                    Pattern.CASE_INSENSITIVE));

    private QueueId() {}

    static Optional<String> of(Reply reply) {
        String text = reply.text();
        for (Pattern p : PATTERNS) {
            Matcher m = p.matcher(text);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }
}
