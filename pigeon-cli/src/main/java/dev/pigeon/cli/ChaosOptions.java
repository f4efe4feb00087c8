package dev.pigeon.cli;

import dev.pigeon.server.Chaos;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code pigeon serve --chaos-*}: make the server misbehave on purpose, so people can test their
 * own mail-sending code. Every option takes {@code STAGE=...} (repeatable, or comma-separated);
 * the stages are greeting, helo, mail, rcpt, data (the DATA command) and dot (after the final
 * dot: a refused or dropped message is not stored).
 */
final class ChaosOptions {

    @Option(names = "--chaos-reply", paramLabel = "STAGE=CODE:P", split = ",", converter = ReplyRule.class,
            description = "Answer CODE (4xx/5xx) at STAGE with probability P, instead of doing the command;"
                    + " 421, and any code at the greeting, also closes. E.g. --chaos-reply mail=451:0.2.")
    List<Chaos.Rule> replies = new ArrayList<>();

    @Option(names = "--chaos-delay", paramLabel = "STAGE=MS:P", split = ",", converter = DelayRule.class,
            description = "Wait MS milliseconds at STAGE with probability P. E.g. --chaos-delay greeting=3000:0.5.")
    List<Chaos.Rule> delays = new ArrayList<>();

    @Option(names = "--chaos-disconnect", paramLabel = "STAGE=P", split = ",", converter = DisconnectRule.class,
            description = "Close the connection without a reply at STAGE with probability P."
                    + " E.g. --chaos-disconnect dot=0.1.")
    List<Chaos.Rule> disconnects = new ArrayList<>();

    @Option(names = "--chaos-seed", paramLabel = "N",
            description = "Seed for the faults, to repeat a run exactly (default: a random seed, printed at start-up).")
    Long seed;

    /** The chaos asked for, or {@link Chaos#NONE}; {@code random} picks a seed when none was given. */
    Chaos chaos(RandomGenerator random) {
        List<Chaos.Rule> rules = new ArrayList<>(delays);
        rules.addAll(disconnects);
        rules.addAll(replies);
        if (rules.isEmpty()) {
            if (seed != null) {
                throw Failure.usage("--chaos-seed needs a --chaos-reply, --chaos-delay or --chaos-disconnect");
            }
            return Chaos.NONE;
        }
        // a seed a user can retype: positive and not too long
        return new Chaos(seed != null ? seed : random.nextLong(1, 1_000_000_000L), rules);
    }

    /** The start-up line, e.g. {@code pigeon: chaos on (seed 42: mail 451 p=0.2); repeat with --chaos-seed 42}. */
    static String banner(Chaos chaos) {
        return "pigeon: chaos on (" + chaos.describe() + "); repeat this run with --chaos-seed " + chaos.seed();
    }

    static Chaos.Stage stage(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("ehlo")) {
            return Chaos.Stage.HELO;
        }
        return Arrays.stream(Chaos.Stage.values()).filter(s -> s.label().equals(n)).findFirst()
                .orElseThrow(() -> new TypeConversionException("unknown stage '" + Text.oneLine(name) + "' (one of "
                        + Arrays.stream(Chaos.Stage.values()).map(Chaos.Stage::label).collect(Collectors.joining(", "))
                        + ")"));
    }

    static double probability(String text) {
        try {
            double p = Double.parseDouble(text.trim());
            if (p >= 0 && p <= 1) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TypeConversionException("probability '" + Text.oneLine(text) + "' is not a number from 0 to 1");
    }

    /** Splits {@code STAGE=REST} and checks the shape. */
    private static String[] stageAndRest(String value, String shape) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw new TypeConversionException("'" + Text.oneLine(value) + "': expected " + shape);
        }
        return new String[] {value.substring(0, eq), value.substring(eq + 1)};
    }

    /** Splits {@code A:P}. */
    private static String[] valueAndProbability(String whole, String rest, String shape) {
        String[] parts = rest.split(":", -1);
        if (parts.length != 2) {
            throw new TypeConversionException("'" + Text.oneLine(whole) + "': expected " + shape);
        }
        return parts;
    }

    static final class ReplyRule implements ITypeConverter<Chaos.Rule> {
        @Override
        public Chaos.Rule convert(String value) {
            String[] sr = stageAndRest(value, "STAGE=CODE:P, e.g. mail=451:0.2");
            String[] cp = valueAndProbability(value, sr[1], "STAGE=CODE:P, e.g. mail=451:0.2");
            int code;
            try {
                code = Integer.parseInt(cp[0].trim());
            } catch (NumberFormatException e) {
                code = -1;
            }
            if (code < 400 || code > 599) {
                throw new TypeConversionException("reply code '" + Text.oneLine(cp[0]) + "' is not 400..599");
            }
            return new Chaos.Rule(stage(sr[0]), new Chaos.Fault.Answer(Chaos.reply(code)), probability(cp[1]));
        }
    }

    static final class DelayRule implements ITypeConverter<Chaos.Rule> {
        @Override
        public Chaos.Rule convert(String value) {
            String[] sr = stageAndRest(value, "STAGE=MS:P, e.g. greeting=3000:0.5");
            String[] mp = valueAndProbability(value, sr[1], "STAGE=MS:P, e.g. greeting=3000:0.5");
            long millis;
            try {
                millis = Long.parseLong(mp[0].trim());
            } catch (NumberFormatException e) {
                millis = -1;
            }
            if (millis < 0 || millis > 3_600_000) {
                throw new TypeConversionException("delay '" + Text.oneLine(mp[0]) + "' is not 0..3600000 ms");
            }
            return new Chaos.Rule(stage(sr[0]), new Chaos.Fault.Delay(Duration.ofMillis(millis)), probability(mp[1]));
        }
    }

    static final class DisconnectRule implements ITypeConverter<Chaos.Rule> {
        @Override
        public Chaos.Rule convert(String value) {
            String[] sr = stageAndRest(value, "STAGE=P, e.g. dot=0.1");
            return new Chaos.Rule(stage(sr[0]), new Chaos.Fault.Disconnect(), probability(sr[1]));
        }
    }
}
