package dev.pigeon.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each wait may take. The defaults are RFC 5321 section 4.5.3.2's minimums; a connect
 * timeout is not in the RFC, so we take 30 seconds, as curl and msmtp do by default... roughly.
 *
 * @param connect         TCP connect, per address tried
 * @param greeting        the 220 greeting (5 min)
 * @param command         EHLO/HELO, RSET, NOOP, QUIT and others the RFC leaves open (5 min)
 * @param mail            reply to MAIL (5 min)
 * @param rcpt            reply to RCPT (5 min)
 * @param dataInitiation  the 354 after DATA (2 min)
 * @param dataBlock       each write of the content (3 min)
 * @param dataTermination the reply after the final dot (10 min)
 */
public record Timeouts(Duration connect, Duration greeting, Duration command, Duration mail,
                       Duration rcpt, Duration dataInitiation, Duration dataBlock,
                       Duration dataTermination) {

    public Timeouts {
        for (Duration d : new Duration[] {connect, greeting, command, mail, rcpt, dataInitiation,
                dataBlock, dataTermination}) {
            Objects.requireNonNull(d, "timeout");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
        }
    }

    public static Timeouts rfc5321() {
        return new Timeouts(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(5),
                Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(2),
                Duration.ofMinutes(3), Duration.ofMinutes(10));
    }

    /** The same limit for every wait: what {@code --timeout SECONDS} sets. */
    public static Timeouts uniform(Duration each) {
        return new Timeouts(each, each, each, each, each, each, each, each);
    }
}
