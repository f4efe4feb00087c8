package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pigeon.server.Chaos;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ChaosOptionsTest {
    private static ChaosOptions parse(String... args) {
        ChaosOptions options = new ChaosOptions();
        new CommandLine(new Object() {
            @CommandLine.Mixin
            ChaosOptions o = options;
        }).parseArgs(args);
        return options;
    }

    @Test
    void everyKindOfRuleWithItsStageAndProbability() {
        Chaos chaos = parse("--chaos-reply", "mail=451:0.2,rcpt=550:0.1", "--chaos-reply", "greeting=421:1",
                "--chaos-delay", "EHLO=3000:0.5", "--chaos-disconnect", "dot=0.05", "--chaos-seed", "42")
                .chaos(new SplittableRandom(1));
        assertThat(chaos.seed()).isEqualTo(42);
        assertThat(chaos.rules()).containsExactly(
                new Chaos.Rule(Chaos.Stage.HELO, new Chaos.Fault.Delay(Duration.ofSeconds(3)), 0.5),
                new Chaos.Rule(Chaos.Stage.DOT, new Chaos.Fault.Disconnect(), 0.05),
                new Chaos.Rule(Chaos.Stage.MAIL, new Chaos.Fault.Answer(Chaos.reply(451)), 0.2),
                new Chaos.Rule(Chaos.Stage.RCPT, new Chaos.Fault.Answer(Chaos.reply(550)), 0.1),
                new Chaos.Rule(Chaos.Stage.GREETING, new Chaos.Fault.Answer(Chaos.reply(421)), 1.0));
        assertThat(ChaosOptions.banner(chaos)).isEqualTo("pigeon: chaos on (seed 42: helo delay 3000 ms p=0.5,"
                + " dot disconnect p=0.05, mail 451 p=0.2, rcpt 550 p=0.1, greeting 421 p=1.0);"
                + " repeat this run with --chaos-seed 42");
    }

    @Test
    void withoutASeedOneIsPickedAndWithoutRulesThereIsNoChaos() {
        Chaos chaos = parse("--chaos-disconnect", "rcpt=0.5").chaos(new SplittableRandom(7));
        assertThat(chaos.seed()).isBetween(1L, 999_999_999L);
        assertThat(parse().chaos(new SplittableRandom(7))).isSameAs(Chaos.NONE);
        assertThatThrownBy(() -> parse("--chaos-seed", "3").chaos(new SplittableRandom(7)))
                .isInstanceOf(Failure.class).hasMessageContaining("--chaos-seed needs");
    }

    @Test
    void malformedRulesAreUsageErrors() {
        for (List<String> bad : List.of(
                List.of("--chaos-reply", "mail=250:0.5"),
                List.of("--chaos-reply", "mail=451"),
                List.of("--chaos-reply", "451:0.5"),
                List.of("--chaos-reply", "post=451:0.5"),
                List.of("--chaos-reply", "mail=451:1.5"),
                List.of("--chaos-reply", "mail=451:NaN"),
                List.of("--chaos-delay", "mail=-5:0.5"),
                List.of("--chaos-delay", "mail=soon:0.5"),
                List.of("--chaos-disconnect", "mail=x"),
                List.of("--chaos-disconnect", "mail\u001b[31m=0.5"))) {
            assertThatThrownBy(() -> parse(bad.toArray(String[]::new)))
                    .as(bad.toString())
                    .isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageNotContaining("\u001b");
        }
    }

    @Test
    void aBadOptionExitsWithUsage64() {
        Cli.Run run = Cli.run("serve", "--port", "0", "--chaos-reply", "mail=200:0.5");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(64);
        assertThat(run.err()).contains("reply code '200' is not 400..599");
    }
}
