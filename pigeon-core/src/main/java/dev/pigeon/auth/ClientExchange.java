package dev.pigeon.auth;

import java.util.Optional;

/**
 * What every client exchange does alike: bounds challenges in size and number, and lets an
 * initial response be sent either on the AUTH line or in answer to the server's first, empty,
 * 334. Subclasses implement {@link #first()} and {@link #next(byte[])}.
 */
abstract class ClientExchange implements SaslExchange {
    private final SaslMechanism mechanism;
    private final String user;
    private boolean initialDone;
    private int challenges;

    ClientExchange(SaslMechanism mechanism, String user) {
        this.mechanism = mechanism;
        this.user = user;
    }

    /** Refuses credentials of the wrong kind, or cleared ones, before an exchange starts. */
    static void requireAccepted(SaslMechanism mechanism, Credentials credentials) {
        if (!mechanism.accepts(credentials)) {
            throw new IllegalArgumentException(mechanism.name() + " cannot use "
                    + (credentials.isBearerToken() ? "a bearer token" : "a password"));
        }
        if (credentials.isCleared()) {
            throw new IllegalStateException("the credentials were cleared");
        }
    }

    /** The initial response, or empty when the mechanism waits for a first challenge. */
    abstract Optional<byte[]> first();

    /** The answer to a challenge that follows the initial response (or the first challenge). */
    abstract byte[] next(byte[] challenge) throws AuthenticationException;

    @Override
    public final String mechanism() {
        return mechanism.name();
    }

    @Override
    public final Optional<byte[]> initialResponse() {
        if (initialDone) {
            throw new IllegalStateException("the initial response was already produced");
        }
        initialDone = true;
        return first();
    }

    @Override
    public final byte[] respond(byte[] challenge) throws AuthenticationException {
        if (challenge.length > MAX_CHALLENGE_BYTES) {
            throw new AuthenticationException(mechanism() + ": challenge larger than "
                    + MAX_CHALLENGE_BYTES + " bytes");
        }
        if (++challenges > MAX_CHALLENGES) {
            throw new AuthenticationException(mechanism() + ": more than " + MAX_CHALLENGES
                    + " challenges");
        }
        if (!initialDone) {
            initialDone = true;
            Optional<byte[]> initial = first();
            if (initial.isPresent()) {
                if (challenge.length != 0) {
                    throw new AuthenticationException(mechanism()
                            + ": expected an empty challenge before the initial response");
                }
                return initial.get();
            }
        }
        return next(challenge);
    }

    @Override
    public void complete(Optional<byte[]> finalServerData) throws AuthenticationException {
        if (finalServerData.isPresent() && finalServerData.get().length > 0) {
            throw new AuthenticationException(mechanism() + ": unexpected data with success");
        }
    }

    @Override
    public final String maskedInitialLine() {
        return Masking.authCommand(mechanism(), mechanism.sendsInitialResponse());
    }

    final String user() {
        return user;
    }

    @Override
    public String toString() {
        return "SaslExchange[" + mechanism() + ", user=" + user + "]";
    }
}
