package dev.pigeon.auth;

/**
 * A SASL exchange cannot go on: the server's challenge is malformed, too large or out of turn,
 * it reported an error, or it failed to prove it knows the password (SCRAM server signature).
 * Messages never hold a secret.
 */
public class AuthenticationException extends Exception {
    public AuthenticationException(String message) {
        super(message);
    }
}
