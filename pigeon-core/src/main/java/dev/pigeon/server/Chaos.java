package dev.pigeon.server;

import dev.pigeon.protocol.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Fault injection: a server that misbehaves on purpose, so people can test their own
 * mail-sending code against failures (the use MailHog's "Jim" and Mailpit's chaos mode serve).
 * Each {@link Rule} fires at one {@link Stage} with its probability: an error reply, a delay,
 * or a dropped connection.
 *
 * <p>Runs are repeatable: connection {@code n} (counted from 1 as the server accepts them) draws
 * from a random generator seeded from {@code seed} and {@code n}, one draw per rule at each
 * stage it reaches, whether the rule fires or not. The same seed and the same client behaviour
 * give the same faults.
 *
 * <p>The protocol classes do not know about any of this: the session asks its per-connection
 * {@link ChaosSession} before it answers at each stage.
 *
 * @param seed  the seed all connections' generators derive from
 * @param rules the faults; empty: no chaos
 */
public record Chaos(long seed, List<Rule> rules) {

    /** No faults. */
    public static final Chaos NONE = new Chaos(0, List.of());

    /** Where in the conversation a fault strikes. */
    public enum Stage {
        /** Instead of (or before) the 220 greeting; any error reply there ends the connection. */
        GREETING,
        /** HELO or EHLO. */
        HELO,
        MAIL,
        RCPT,
        /** The DATA command, before the 354. */
        DATA,
        /** After the final dot, before the message is stored: a refused or dropped message is not stored. */
        DOT;

        /** The lower-case name used on the command line. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a rule does when it fires. */
    public sealed interface Fault {
        /** Answer with this 4xx/5xx reply instead of doing the command; 421 also closes. */
        record Answer(Reply reply) implements Fault {
            public Answer {
                Objects.requireNonNull(reply, "reply");
                if (reply.code() < 400 || reply.code() > 599) {
                    throw new IllegalArgumentException("a chaos reply must be 4xx or 5xx: " + reply.code());
                }
            }
        }

        /** Wait this long, then carry on (or do whatever else fired at the same stage). */
        record Delay(Duration duration) implements Fault {
            public Delay {
                Objects.requireNonNull(duration, "duration");
                if (duration.isNegative() || duration.compareTo(Duration.ofHours(1)) > 0) {
                    throw new IllegalArgumentException("a chaos delay must be between 0 and 1 hour: " + duration);
                }
            }
        }

        /** Close the connection without a reply (replies already queued are sent first). */
        record Disconnect() implements Fault {}
    }

    /** One fault at one stage with a probability in [0, 1]. */
    public record Rule(Stage stage, Fault fault, double probability) {
        public Rule {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(fault, "fault");
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("a probability must be between 0 and 1: " + probability);
            }
        }

        /** E.g. {@code mail 451 p=0.2}, {@code greeting delay 3000 ms p=0.5}, {@code dot disconnect p=0.1}. */
        public String describe() {
            return stage.label() + " " + describe(fault) + " p=" + probability;
        }

        static String describe(Fault fault) {
            return switch (fault) {
                case Fault.Answer a -> String.valueOf(a.reply().code());
                case Fault.Delay d -> "delay " + d.duration().toMillis() + " ms";
                case Fault.Disconnect d -> "disconnect";
            };
        }
    }

    public Chaos {
        rules = List.copyOf(rules);
    }

    public boolean isOff() {
        return rules.isEmpty();
    }

    /**
     * The reply injected for {@code code}: a plausible enhanced status and a text that says it
     * was injected, e.g. {@code 451 4.3.0 Injected failure (pigeon chaos)}.
     */
    public static Reply reply(int code) {
        String status = switch (code) {
            case 421 -> "4.3.2";
            case 450, 550 -> code / 100 + ".2.0";
            case 451 -> "4.3.0";
            case 452 -> "4.3.1";
            case 552 -> "5.3.4";
            case 553 -> "5.1.3";
            case 554 -> "5.3.0";
            default -> code / 100 + ".0.0";
        };
        String text = code == 421 ? "Service not available, closing connection (pigeon chaos)"
                : "Injected failure (pigeon chaos)";
        return Reply.of(code, status + " " + text);
    }

    /** One line for a start-up banner: {@code seed 42: mail 451 p=0.2, rcpt disconnect p=0.1}. */
    public String describe() {
        return "seed " + seed + ": " + rules.stream().map(Rule::describe).collect(Collectors.joining(", "));
    }

    /** The faults of connection {@code number}; the same number and seed give the same sequence. */
    ChaosSession forConnection(long number) {
        return isOff() ? ChaosSession.NONE : new ChaosSession(rules, seed, number);
    }
}
