package dev.pigeon.delivery;

import dev.pigeon.client.SendResult;
import dev.pigeon.client.SessionException;

/** How delivery to one domain ended. */
public sealed interface DeliveryOutcome {
    /**
     * A session with one of the domain's exchangers ran to an end and decided: the result says
     * whether the message was delivered (to all or some recipients) or refused, as for a send
     * through {@code --server}.
     */
    record Completed(Attempt.Completed attempt) implements DeliveryOutcome {
        public SendResult result() {
            return attempt.result();
        }
    }

    /** The domain could not be routed: NXDOMAIN, null MX (permanent); SERVFAIL, timeout (temporary). */
    record Unroutable(Route.Failure failure) implements DeliveryOutcome {}

    /**
     * No exchanger completed a session; the failure is the last one. When it says
     * {@link SessionException#possiblyDelivered()}, delivery stopped there: the server may have the
     * message, and trying another host could deliver it twice.
     */
    record Failed(Attempt.Failed last) implements DeliveryOutcome {
        public SessionException failure() {
            return last.failure();
        }
    }
}
