package dev.pigeon.protocol;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An RFC 3463 enhanced status code ({@code class.subject.detail}) as carried by RFC 2034 replies.
 */
public record EnhancedStatus(int codeClass, int subject, int detail) {
    private static final Pattern LEADING = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})(?: |$)");

    public EnhancedStatus {
        if (codeClass != 2 && codeClass != 4 && codeClass != 5) {
            throw new IllegalArgumentException("enhanced status class must be 2, 4 or 5: " + codeClass);
        }
        if (subject < 0 || subject > 999 || detail < 0 || detail > 999) {
            throw new IllegalArgumentException("enhanced status subject and detail must be 0-999");
        }
    }

    /** The status at the start of a reply's text, if there is one. */
    public static Optional<EnhancedStatus> parseLeading(String text) {
        Matcher m = LEADING.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new EnhancedStatus(
                m.group(1).charAt(0) - '0', Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
    }

    /**
     * The standard meaning (RFC 3463 and the IANA registry), e.g. "bad destination mailbox address"
     * for 5.1.1. A detail nobody registered falls back to its subject ("other or undefined mailbox
     * status" for 5.2.99); an unknown subject gives "undefined status".
     */
    public String meaning() {
        String exact = StatusMeanings.TABLE.get(subject * 1000 + detail);
        if (exact != null) {
            return exact;
        }
        return StatusMeanings.TABLE.getOrDefault(subject * 1000, "undefined status");
    }

    /** Whether {@link #meaning()} names this very code, not only its subject. */
    public boolean isRegistered() {
        return StatusMeanings.TABLE.containsKey(subject * 1000 + detail);
    }

    @Override
    public String toString() {
        return codeClass + "." + subject + "." + detail;
    }
}
