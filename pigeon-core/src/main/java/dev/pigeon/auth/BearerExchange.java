package dev.pigeon.auth;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * The client side of the two OAuth 2.0 mechanisms, which differ only in their header and in how
 * they answer the server's error challenge: the initial response is {@code head}, the token and
 * {@code ^A^A}; the one error challenge allowed is answered with {@code errorAnswer}, which makes
 * the server send its final failure.
 */
final class BearerExchange extends ClientExchange {
    private final Credentials credentials;
    private final String head;
    private final byte[] errorAnswer;
    private boolean errorSeen;

    BearerExchange(SaslMechanism mechanism, Credentials credentials, String head, byte[] errorAnswer) {
        super(mechanism, credentials.user());
        this.credentials = credentials;
        this.head = head;
        this.errorAnswer = errorAnswer;
    }

    @Override
    Optional<byte[]> first() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Crypto.utf8(head));
        byte[] token = BearerToken.utf8(credentials);
        try {
            out.writeBytes(token);
        } finally {
            Crypto.wipe(token);
        }
        out.writeBytes(new byte[] {1, 1});
        return Optional.of(out.toByteArray());
    }

    @Override
    byte[] next(byte[] challenge) throws AuthenticationException {
        if (errorSeen) {
            throw new AuthenticationException(mechanism() + ": a challenge after the error");
        }
        errorSeen = true;
        return errorAnswer.clone();
    }
}
