package dev.pigeon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pigeon.protocol.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosTest {
    private static final Chaos MIXED = new Chaos(42, List.of(
            new Chaos.Rule(Chaos.Stage.MAIL, new Chaos.Fault.Answer(Chaos.reply(451)), 0.3),
            new Chaos.Rule(Chaos.Stage.RCPT, new Chaos.Fault.Disconnect(), 0.2),
            new Chaos.Rule(Chaos.Stage.RCPT, new Chaos.Fault.Delay(Duration.ofMillis(5)), 0.5)));

    /** The faults of connections 1..n, each walking MAIL, RCPT, RCPT. */
    private static List<String> run(Chaos chaos, int connections) {
        List<String> seen = new ArrayList<>();
        for (long n = 1; n <= connections; n++) {
            ChaosSession session = chaos.forConnection(n);
            for (Chaos.Stage stage : List.of(Chaos.Stage.MAIL, Chaos.Stage.RCPT, Chaos.Stage.RCPT)) {
                seen.add(n + " " + ChaosSession.describe(stage, session.at(stage)));
            }
        }
        return seen;
    }

    @Test
    void theSameSeedGivesTheSameFaults() {
        List<String> first = run(MIXED, 50);
        assertThat(run(new Chaos(42, MIXED.rules()), 50)).isEqualTo(first);
        assertThat(run(new Chaos(43, MIXED.rules()), 50)).isNotEqualTo(first);
        // every kind fired at least once in 150 draws, and not every time
        assertThat(first).anyMatch(s -> s.endsWith("mail: 451")).anyMatch(s -> s.endsWith("null"))
                .anyMatch(s -> s.contains("disconnect")).anyMatch(s -> s.contains("delay 5 ms"));
    }

    @Test
    void aConnectionsFaultsDoNotDependOnOtherConnections() {
        ChaosSession alone = MIXED.forConnection(7);
        List<String> fresh = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            fresh.add(String.valueOf(ChaosSession.describe(Chaos.Stage.MAIL, alone.at(Chaos.Stage.MAIL))));
        }
        run(MIXED, 6); // other connections drawing in between change nothing
        ChaosSession again = MIXED.forConnection(7);
        for (int i = 0; i < 20; i++) {
            assertThat(String.valueOf(ChaosSession.describe(Chaos.Stage.MAIL, again.at(Chaos.Stage.MAIL))))
                    .isEqualTo(fresh.get(i));
        }
    }

    @Test
    void probabilityOneAlwaysAndZeroNeverFires() {
        Chaos chaos = new Chaos(1, List.of(
                new Chaos.Rule(Chaos.Stage.DATA, new Chaos.Fault.Answer(Chaos.reply(452)), 1.0),
                new Chaos.Rule(Chaos.Stage.DOT, new Chaos.Fault.Disconnect(), 0.0)));
        ChaosSession s = chaos.forConnection(1);
        for (int i = 0; i < 100; i++) {
            assertThat(s.at(Chaos.Stage.DATA)).isInstanceOf(ChaosSession.Outcome.Answer.class);
            assertThat(s.at(Chaos.Stage.DOT)).isInstanceOf(ChaosSession.Outcome.Proceed.class);
            assertThat(s.at(Chaos.Stage.MAIL)).isInstanceOf(ChaosSession.Outcome.Proceed.class);
        }
    }

    @Test
    void delaysAddUpAndTheFirstEndingWins() {
        Chaos chaos = new Chaos(1, List.of(
                new Chaos.Rule(Chaos.Stage.HELO, new Chaos.Fault.Delay(Duration.ofMillis(100)), 1),
                new Chaos.Rule(Chaos.Stage.HELO, new Chaos.Fault.Disconnect(), 1),
                new Chaos.Rule(Chaos.Stage.HELO, new Chaos.Fault.Answer(Chaos.reply(554)), 1),
                new Chaos.Rule(Chaos.Stage.HELO, new Chaos.Fault.Delay(Duration.ofMillis(50)), 1)));
        ChaosSession.Outcome o = chaos.forConnection(1).at(Chaos.Stage.HELO);
        assertThat(o).isEqualTo(new ChaosSession.Outcome.Disconnect(Duration.ofMillis(150)));
        assertThat(ChaosSession.describe(Chaos.Stage.HELO, o)).isEqualTo("helo: delay 150 ms, then disconnect");
    }

    @Test
    void repliesSayTheyWereInjected() {
        assertThat(Chaos.reply(421)).isEqualTo(
                Reply.of(421, "4.3.2 Service not available, closing connection (pigeon chaos)"));
        assertThat(Chaos.reply(451)).isEqualTo(Reply.of(451, "4.3.0 Injected failure (pigeon chaos)"));
        assertThat(Chaos.reply(550).lines()).containsExactly("550 5.2.0 Injected failure (pigeon chaos)");
        assertThat(MIXED.describe())
                .isEqualTo("seed 42: mail 451 p=0.3, rcpt disconnect p=0.2, rcpt delay 5 ms p=0.5");
    }

    @Test
    void badRulesAreRefused() {
        assertThatThrownBy(() -> new Chaos.Rule(Chaos.Stage.MAIL, new Chaos.Fault.Disconnect(), 1.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Chaos.Rule(Chaos.Stage.MAIL, new Chaos.Fault.Disconnect(), Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Chaos.Fault.Answer(Reply.of(250, "2.0.0 OK")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Chaos.Fault.Delay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
