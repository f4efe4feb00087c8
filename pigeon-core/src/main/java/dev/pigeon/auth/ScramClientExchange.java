package dev.pigeon.auth;

import java.nio.charset.CharacterCodingException;
import java.util.Base64;
import java.util.Optional;

/**
 * One SCRAM attempt, client side: client-first, then client-final in answer to server-first,
 * then the server's signature checked in server-final. Holds the normalised password only until
 * the salted password is derived.
 */
final class ScramClientExchange extends ClientExchange {
    private static final String GS2_HEADER = "n,,";

    private enum State { SERVER_FIRST, SERVER_FINAL, VERIFIED, FAILED }

    private final ScramAlgorithm algorithm;
    private final String clientFirstBare;
    private final String clientNonce;
    private byte[] password;
    private byte[] expectedServerSignature;
    private State state = State.SERVER_FIRST;

    ScramClientExchange(Scram mechanism, String preparedUser, byte[] normalizedPassword,
            String clientNonce) {
        super(mechanism, preparedUser);
        this.algorithm = mechanism.algorithm();
        this.clientNonce = clientNonce;
        this.clientFirstBare = "n=" + Gs2.escape(preparedUser) + ",r=" + clientNonce;
        this.password = normalizedPassword;
    }

    @Override
    Optional<byte[]> first() {
        return Optional.of(Crypto.utf8(GS2_HEADER + clientFirstBare));
    }

    @Override
    byte[] next(byte[] challenge) throws AuthenticationException {
        try {
            return switch (state) {
                case SERVER_FIRST -> clientFinal(text(challenge));
                case SERVER_FINAL -> verifyServerFinal(text(challenge));
                case VERIFIED, FAILED -> throw new AuthenticationException(
                        mechanism() + ": challenge after the server-final message");
            };
        } catch (AuthenticationException e) {
            fail();
            throw e;
        }
    }

    @Override
    public void complete(Optional<byte[]> finalServerData) throws AuthenticationException {
        if (state == State.SERVER_FINAL && finalServerData.isPresent()) {
            verifyServerFinal(text(finalServerData.get()));
        }
        if (state != State.VERIFIED) {
            fail();
            throw new AuthenticationException(mechanism()
                    + ": the server reported success without proving it knows the password");
        }
    }

    private byte[] clientFinal(String serverFirst) throws AuthenticationException {
        ScramAttributes attrs = ScramAttributes.parse(serverFirst);
        if (attrs.startsWith('e')) {
            throw new AuthenticationException(mechanism() + ": server error "
                    + safe(attrs.require(0, 'e')));
        }
        if (attrs.startsWith('m')) {
            throw new AuthenticationException(mechanism() + ": unsupported mandatory extension");
        }
        String nonce = attrs.require(0, 'r');
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()
                || !ScramAttributes.isValidNonce(nonce)) {
            throw new AuthenticationException(mechanism()
                    + ": the server nonce does not extend the client nonce");
        }
        byte[] salt = base64(attrs.require(1, 's'), "salt");
        if (salt.length == 0) {
            throw new AuthenticationException(mechanism() + ": empty salt");
        }
        int iterations = iterations(attrs.require(2, 'i'));

        String clientFinalWithoutProof = "c=" + Base64.getEncoder().encodeToString(
                Crypto.utf8(GS2_HEADER)) + ",r=" + nonce;
        String authMessage = clientFirstBare + "," + serverFirst + "," + clientFinalWithoutProof;
        byte[] salted = algorithm.saltedPassword(password, salt, iterations);
        Crypto.wipe(password);
        password = null;
        try {
            byte[] clientKey = algorithm.hmac(salted, "Client Key");
            byte[] storedKey = algorithm.hash(clientKey);
            byte[] clientSignature = algorithm.hmac(storedKey, authMessage);
            byte[] proof = Crypto.xor(clientKey, clientSignature);
            byte[] serverKey = algorithm.hmac(salted, "Server Key");
            expectedServerSignature = algorithm.hmac(serverKey, authMessage);
            Crypto.wipe(clientKey);
            Crypto.wipe(serverKey);
            state = State.SERVER_FINAL;
            return Crypto.utf8(clientFinalWithoutProof + ",p="
                    + Base64.getEncoder().encodeToString(proof));
        } finally {
            Crypto.wipe(salted);
        }
    }

    private byte[] verifyServerFinal(String serverFinal) throws AuthenticationException {
        ScramAttributes attrs = ScramAttributes.parse(serverFinal);
        if (attrs.startsWith('e')) {
            throw new AuthenticationException(mechanism() + ": server error "
                    + safe(attrs.require(0, 'e')));
        }
        byte[] signature = base64(attrs.require(0, 'v'), "server signature");
        if (!Crypto.constantTimeEquals(signature, expectedServerSignature)) {
            throw new AuthenticationException(mechanism()
                    + ": the server signature does not verify (not the server that holds the password)");
        }
        state = State.VERIFIED;
        return new byte[0];
    }

    private int iterations(String text) throws AuthenticationException {
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new AuthenticationException(mechanism() + ": bad iteration count");
        }
        int i = Integer.parseInt(text);
        if (i < 1 || i > Scram.MAX_ITERATIONS) {
            throw new AuthenticationException(mechanism() + ": iteration count " + i
                    + " outside 1.." + Scram.MAX_ITERATIONS);
        }
        return i;
    }

    private byte[] base64(String value, String what) throws AuthenticationException {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new AuthenticationException(mechanism() + ": " + what + " is not base64");
        }
    }

    private String text(byte[] challenge) throws AuthenticationException {
        try {
            return Crypto.strictUtf8(challenge);
        } catch (CharacterCodingException e) {
            throw new AuthenticationException(mechanism() + ": server message is not UTF-8");
        }
    }

    /** A server's error value, kept short and printable for an exception message. */
    private static String safe(String value) {
        String v = value.length() > 64 ? value.substring(0, 64) : value;
        return dev.pigeon.protocol.Escaping.visible(v);
    }

    private void fail() {
        state = State.FAILED;
        Crypto.wipe(password);
        password = null;
    }
}
