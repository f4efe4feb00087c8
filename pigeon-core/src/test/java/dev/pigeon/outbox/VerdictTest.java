package dev.pigeon.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.client.ExtensionStop;
import dev.pigeon.client.SessionException;
import dev.pigeon.client.Stage;
import dev.pigeon.protocol.Mailbox;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictTest {
    private static final List<Mailbox> TO = List.of(Mailbox.parse("b@y.test"), Mailbox.parse("c@y.test"));

    @Test
    void aMessageTooBigForTheServerBouncesEveryRecipientAtOnceAndKeepsTheSession() {
        Verdict v = Verdict.of(new ExtensionStop(Stage.MAIL, ExtensionStop.Reason.MESSAGE_TOO_BIG,
                "the message (5000 bytes) is larger than the 2000 bytes the server takes (SIZE)", false), TO);
        assertThat(v.bounced()).isEqualTo(TO);
        assertThat(v.retryLater()).isEmpty();
        assertThat(v.state()).isEqualTo(DeliveryState.BOUNCED);
        assertThat(v.sessionUsable()).isTrue();
        assertThat(v.failure()).hasValueSatisfying(f -> assertThat(f).contains("2000 bytes"));
    }

    @Test
    void aTransferCutOffMidContentBouncesAndEndsTheSession() {
        Verdict v = Verdict.of(new ExtensionStop(Stage.CONTENT, ExtensionStop.Reason.EIGHT_BIT_NOT_SUPPORTED,
                "8-bit", true), TO);
        assertThat(v.bounced()).isEqualTo(TO);
        assertThat(v.sessionUsable()).isFalse();
    }

    @Test
    void aConnectionFaultRetriesLaterUnlessTheDotMayHaveArrived() {
        Verdict before = Verdict.of(new SessionException(Stage.RCPT, "reset", null, false), TO);
        assertThat(before.retryLater()).isEqualTo(TO);
        assertThat(before.state()).isEqualTo(DeliveryState.DEFERRED);
        Verdict after = Verdict.of(new SessionException(Stage.CONTENT, "lost after the dot", null, true), TO);
        assertThat(after.unknown()).isEqualTo(TO);
        assertThat(after.state()).isEqualTo(DeliveryState.UNKNOWN);
    }
}
