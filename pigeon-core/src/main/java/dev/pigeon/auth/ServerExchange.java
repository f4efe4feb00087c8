package dev.pigeon.auth;

import java.nio.charset.CharacterCodingException;
import java.util.Optional;

/**
 * What every server-side exchange does alike: one begin, bounded responses in size and number,
 * nothing after the verdict. Subclasses implement {@link #onBegin} and {@link #onResponse}.
 */
abstract class ServerExchange implements ServerSaslExchange {
    /** More client lines than this in one attempt ends it. */
    static final int MAX_STEPS = 4;

    private final String mechanism;
    private final Optional<byte[]> initialResponse;
    private final String toStringForm;
    private boolean begun;
    private boolean finished;
    private int steps;

    ServerExchange(String mechanism, Optional<byte[]> initialResponse) {
        this.mechanism = mechanism;
        this.initialResponse = initialResponse.map(byte[]::clone);
        this.toStringForm = "ServerSaslExchange[" + mechanism + "]";
    }

    abstract Step onBegin(Optional<byte[]> initialResponse);

    abstract Step onResponse(byte[] response);

    @Override
    public final String mechanism() {
        return mechanism;
    }

    @Override
    public final Step begin() {
        if (begun) {
            throw new IllegalStateException("begin() was already called");
        }
        begun = true;
        if (initialResponse.isPresent() && initialResponse.get().length > SaslServer.MAX_RESPONSE_BYTES) {
            return verdict(malformed("initial response too large"));
        }
        return verdict(onBegin(initialResponse));
    }

    @Override
    public final Step step(byte[] clientResponse) {
        if (!begun || finished) {
            throw new IllegalStateException(finished ? "the exchange is over" : "begin() first");
        }
        if (clientResponse.length > SaslServer.MAX_RESPONSE_BYTES) {
            return verdict(malformed("response too large"));
        }
        if (++steps > MAX_STEPS) {
            return verdict(malformed("too many responses"));
        }
        return verdict(onResponse(clientResponse));
    }

    @Override
    public final Step cancel() {
        return verdict(new Step.Failure(Step.Failure.Reason.CANCELLED, "client cancelled"));
    }

    @Override
    public final boolean isFinished() {
        return finished;
    }

    private Step verdict(Step step) {
        if (!(step instanceof Step.Challenge)) {
            finished = true;
        }
        return step;
    }

    static Step.Failure malformed(String detail) {
        return new Step.Failure(Step.Failure.Reason.MALFORMED, detail);
    }

    static Step.Failure invalid(String detail) {
        return new Step.Failure(Step.Failure.Reason.INVALID_CREDENTIALS, detail);
    }

    static Step.Challenge challenge(String text) {
        return new Step.Challenge(Crypto.utf8(text));
    }

    /** Strict UTF-8, or empty when the bytes are not UTF-8. */
    static Optional<String> text(byte[] bytes) {
        try {
            return Optional.of(Crypto.strictUtf8(bytes));
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /**
     * Compares a received password with the user's; unknown users and users without a password
     * are compared against a dummy so the time taken does not tell them apart.
     */
    static boolean passwordMatches(Optional<StoredUser> user, String received) {
        byte[] given = Crypto.utf8(SaslPrep.prepareOrSelf(received));
        try {
            Optional<byte[]> stored = user.flatMap(StoredUser::preparedPassword);
            byte[] expected = stored.orElse(new byte[given.length]);
            boolean equal = Crypto.constantTimeEquals(given, expected);
            return equal && stored.isPresent();
        } finally {
            Crypto.wipe(given);
        }
    }

    @Override
    public final String toString() {
        return toStringForm;
    }
}
