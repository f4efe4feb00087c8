package dev.pigeon.auth;

/**
 * One server-side AUTH attempt, from {@link SaslServer#start}. Call {@link #begin()} once, send
 * what it says, then feed each client line (base64-decoded, see {@link SaslBase64}) to
 * {@link #step} until a {@link Step.Success} or {@link Step.Failure}. A client line of
 * {@code *} is {@link #cancel()}. Holds the attempt's state: one per AUTH command.
 */
public interface ServerSaslExchange {

    /** The mechanism name, upper case. */
    String mechanism();

    /** The first step: the first challenge, or the verdict on the initial response. */
    Step begin();

    /** The next step after a client response. */
    Step step(byte[] clientResponse);

    /** The client sent {@code *}: the exchange ends with a {@link Step.Failure.Reason#CANCELLED}. */
    Step cancel();

    /** True once a Success or Failure was returned. */
    boolean isFinished();
}
