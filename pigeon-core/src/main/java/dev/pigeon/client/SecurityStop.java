package dev.pigeon.client;

/**
 * The client stopped the session itself, before MAIL, because going on would break its TLS or
 * authentication policy (or authentication failed on the client's side). Nothing secret was
 * sent; the session said QUIT where it could.
 */
public final class SecurityStop extends SessionException {

    public enum Reason {
        /** STARTTLS was required but the server's EHLO did not offer it. */
        STARTTLS_NOT_OFFERED,
        /** Credentials were given but the server's EHLO offered no AUTH. */
        AUTH_NOT_OFFERED,
        /** The server offers AUTH, but no mechanism both sides support (or not the one asked for). */
        NO_COMMON_MECHANISM,
        /** The connection is not under TLS and plaintext authentication was not allowed. */
        CREDENTIALS_NEED_TLS,
        /**
         * The mechanism failed on the client's side: a malformed or oversized challenge, too many
         * challenges, or a SCRAM server that could not prove it knows the password.
         */
        AUTHENTICATION_FAILED
    }

    private final Reason reason;

    public SecurityStop(Stage stage, Reason reason, String message) {
        super(stage, message, null, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
