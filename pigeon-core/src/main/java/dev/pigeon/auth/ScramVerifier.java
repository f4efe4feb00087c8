package dev.pigeon.auth;

import java.util.Base64;
import java.util.Optional;

/**
 * Server side of SCRAM-SHA-256 without channel binding. Unknown users get a server-first like a
 * real user's (a salt derived from the name, so it is stable across attempts) and fail at the
 * proof, so the exchange does not reveal which names exist. The server-final ({@code v=})
 * goes out as a last 334, as RFC 4954 has no success-with-data; the client's empty answer to
 * it completes the exchange.
 */
final class ScramVerifier extends ServerExchange {
    private enum State { CLIENT_FIRST, CLIENT_FINAL, ACKNOWLEDGE }

    private static final ScramAlgorithm ALGORITHM = ScramAlgorithm.SHA_256;

    private final UserStore users;
    private final SaslServer.Secrets secrets;
    private State state = State.CLIENT_FIRST;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private Optional<StoredUser> user = Optional.empty();
    private ScramKeys keys;

    ScramVerifier(UserStore users, SaslServer.Secrets secrets, Optional<byte[]> initialResponse) {
        super(ALGORITHM.mechanismName(), initialResponse);
        this.users = users;
        this.secrets = secrets;
    }

    @Override
    Step onBegin(Optional<byte[]> initialResponse) {
        return initialResponse.map(this::onResponse).orElseGet(() -> new Step.Challenge(new byte[0]));
    }

    @Override
    Step onResponse(byte[] response) {
        Optional<String> text = text(response);
        if (text.isEmpty()) {
            return malformed("SCRAM message is not UTF-8");
        }
        try {
            return switch (state) {
                case CLIENT_FIRST -> clientFirst(text.get());
                case CLIENT_FINAL -> clientFinal(text.get());
                case ACKNOWLEDGE -> text.get().isEmpty()
                        ? new Step.Success(user.orElseThrow().name(), Optional.empty())
                        : malformed("SCRAM: data after the server-final message");
            };
        } catch (AuthenticationException | IllegalArgumentException e) {
            return malformed(e.getMessage());
        }
    }

    private Step clientFirst(String message) throws AuthenticationException {
        if (message.startsWith("p=")) {
            return malformed("SCRAM: channel binding is not supported");
        }
        if (message.length() < 3 || (message.charAt(0) != 'n' && message.charAt(0) != 'y')
                || message.charAt(1) != ',') {
            return malformed("SCRAM: bad GS2 header");
        }
        int end = message.indexOf(',', 2);
        if (end < 0) {
            return malformed("SCRAM: bad GS2 header");
        }
        String authzid = message.substring(2, end);
        gs2Header = message.substring(0, end + 1);
        clientFirstBare = message.substring(end + 1);
        ScramAttributes attrs = ScramAttributes.parse(clientFirstBare);
        if (attrs.startsWith('m')) {
            return malformed("SCRAM: unsupported mandatory extension");
        }
        String name = SaslPrep.prepareOrSelf(Gs2.unescape(attrs.require(0, 'n')));
        String clientNonce = attrs.require(1, 'r');
        if (!ScramAttributes.isValidNonce(clientNonce)) {
            return malformed("SCRAM: bad client nonce");
        }
        if (!authzid.isEmpty()
                && !(authzid.startsWith("a=") && Gs2.unescape(authzid.substring(2)).equals(name))) {
            return invalid("SCRAM: acting as another user is not allowed");
        }
        user = users.find(name);
        keys = user.flatMap(StoredUser::scramSha256).orElseGet(() -> secrets.decoyKeys(name));
        nonce = clientNonce + secrets.serverNonce();
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(keys.salt())
                + ",i=" + keys.iterations();
        state = State.CLIENT_FINAL;
        return challenge(serverFirst);
    }

    private Step clientFinal(String message) throws AuthenticationException {
        int p = message.lastIndexOf(",p=");
        if (p < 0) {
            return malformed("SCRAM: client-final without proof");
        }
        String withoutProof = message.substring(0, p);
        byte[] proof = Base64.getDecoder().decode(message.substring(p + 3));
        ScramAttributes attrs = ScramAttributes.parse(withoutProof);
        String binding = Base64.getEncoder().encodeToString(Crypto.utf8(gs2Header));
        if (!attrs.require(0, 'c').equals(binding)) {
            return malformed("SCRAM: channel binding data does not match the GS2 header");
        }
        if (!attrs.require(1, 'r').equals(nonce)) {
            return malformed("SCRAM: nonce does not match");
        }
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] clientSignature = ALGORITHM.hmac(keys.storedKey(), authMessage);
        if (proof.length != clientSignature.length) {
            return malformed("SCRAM: proof of the wrong length");
        }
        byte[] clientKey = Crypto.xor(proof, clientSignature);
        boolean valid = Crypto.constantTimeEquals(ALGORITHM.hash(clientKey), keys.storedKey());
        Crypto.wipe(clientKey);
        if (!valid || user.isEmpty() || user.get().scramSha256().isEmpty()) {
            return invalid(user.isEmpty() ? "SCRAM: unknown user" : "SCRAM: wrong proof");
        }
        byte[] serverSignature = ALGORITHM.hmac(keys.serverKey(), authMessage);
        state = State.ACKNOWLEDGE;
        return challenge("v=" + Base64.getEncoder().encodeToString(serverSignature));
    }
}
