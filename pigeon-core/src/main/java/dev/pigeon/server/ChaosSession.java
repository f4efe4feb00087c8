package dev.pigeon.server;

import dev.pigeon.protocol.Reply;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The {@link Chaos} of one connection: at each stage, one draw per rule for that stage, in rule
 * order, so the sequence depends only on the seed, the connection number and the stages reached.
 * Delays add up; the first reply or disconnect that fires decides what happens after them.
 */
final class ChaosSession {
    static final ChaosSession NONE = new ChaosSession(List.of(), 0, 0);

    /** What the session does at a stage. */
    sealed interface Outcome {
        Duration delay();

        /** Carry on (after the delay). */
        record Proceed(Duration delay) implements Outcome {}

        /** Answer this instead of doing the command. */
        record Answer(Duration delay, Reply reply) implements Outcome {}

        /** Close without a reply. */
        record Disconnect(Duration delay) implements Outcome {}
    }

    private static final Outcome PROCEED = new Outcome.Proceed(Duration.ZERO);

    private final List<Chaos.Rule> rules;
    private final SplittableRandom random;

    ChaosSession(List<Chaos.Rule> rules, long seed, long connection) {
        this.rules = rules;
        this.random = new SplittableRandom(mix(seed + connection * 0x9E3779B97F4A7C15L));
    }

    Outcome at(Chaos.Stage stage) {
        Duration delay = Duration.ZERO;
        Chaos.Fault ending = null;
        for (Chaos.Rule rule : rules) {
            if (rule.stage() != stage || !(random.nextDouble() < rule.probability())) {
                continue;
            }
            switch (rule.fault()) {
                case Chaos.Fault.Delay d -> delay = delay.plus(d.duration());
                case Chaos.Fault.Answer a -> ending = ending == null ? a : ending;
                case Chaos.Fault.Disconnect d -> ending = ending == null ? d : ending;
            }
        }
        return switch (ending) {
            case null -> delay.isZero() ? PROCEED : new Outcome.Proceed(delay);
            case Chaos.Fault.Answer a -> new Outcome.Answer(delay, a.reply());
            case Chaos.Fault.Disconnect d -> new Outcome.Disconnect(delay);
            case Chaos.Fault.Delay d -> throw new AssertionError("delays never end a stage");
        };
    }

    /** For the listener: {@code mail: 451}, {@code greeting: delay 3000 ms, then disconnect}; null when nothing fired. */
    static String describe(Chaos.Stage stage, Outcome outcome) {
        String delay = outcome.delay().isZero() ? "" : "delay " + outcome.delay().toMillis() + " ms";
        String end = switch (outcome) {
            case Outcome.Proceed p -> "";
            case Outcome.Answer a -> String.valueOf(a.reply().code());
            case Outcome.Disconnect d -> "disconnect";
        };
        if (delay.isEmpty() && end.isEmpty()) {
            return null;
        }
        return stage.label() + ": " + (delay.isEmpty() ? end : end.isEmpty() ? delay : delay + ", then " + end);
    }

    /** Stafford's variant 13 of the MurmurHash3 finaliser: nearby seeds give unrelated streams. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
