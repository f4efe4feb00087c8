package dev.pigeon.auth;

import java.util.Optional;

/**
 * One client-side authentication attempt with one mechanism. Made by
 * {@link SaslMechanism#start}; holds all the attempt's state, so never share or reuse one.
 *
 * <p>The session drives it: it sends {@code AUTH <mechanism>} with {@link #initialResponse()}
 * (base64, {@code =} when empty), answers each {@code 334} with {@link #respond} (the challenge
 * already base64-decoded), and on {@code 235} calls {@link #complete}, which for SCRAM fails
 * unless the server proved it knows the password. Byte arrays returned may hold the secret:
 * the caller may wipe them once sent. {@code toString()} names the mechanism and user only.
 */
public interface SaslExchange {

    /** Largest decoded challenge accepted; real ones are a few hundred bytes. */
    int MAX_CHALLENGE_BYTES = 8192;

    /** More 334s than this in one attempt means the server is looping. */
    int MAX_CHALLENGES = 8;

    /** The mechanism name as sent in the AUTH command, e.g. {@code SCRAM-SHA-256}. */
    String mechanism();

    /**
     * The response sent on the AUTH command line, if the mechanism starts with one. Call it once,
     * when sending the command. A session that sends {@code AUTH <mechanism>} alone instead (say,
     * because the line would be too long) does not call this: the first {@link #respond} to the
     * server's empty 334 then returns the same bytes.
     */
    Optional<byte[]> initialResponse();

    /**
     * The answer to one 334 challenge.
     *
     * @throws AuthenticationException when the challenge is too large, malformed, out of turn,
     *     beyond {@link #MAX_CHALLENGES}, or a SCRAM server-final whose signature does not verify
     */
    byte[] respond(byte[] challenge) throws AuthenticationException;

    /**
     * Called once after the server's 235, with any additional data that came with it (SMTP has
     * none: pass {@code Optional.empty()}).
     *
     * @throws AuthenticationException when the mechanism authenticates the server (SCRAM) and the
     *     server never proved itself, or the data does not verify
     */
    void complete(Optional<byte[]> finalServerData) throws AuthenticationException;

    /** The AUTH command as the transcript shows it: {@code AUTH PLAIN ****} or {@code AUTH LOGIN}. */
    String maskedInitialLine();

    /** Every client response line as the transcript shows it. */
    default String maskedResponseLine() {
        return Masking.MASK;
    }
}
