package dev.pigeon.auth;

import java.util.Optional;

/** Server side of PLAIN (RFC 4616): {@code authzid NUL authcid NUL password}. */
final class PlainVerifier extends ServerExchange {
    private final UserStore users;

    PlainVerifier(UserStore users, Optional<byte[]> initialResponse) {
        super("PLAIN", initialResponse);
        this.users = users;
    }

    @Override
    Step onBegin(Optional<byte[]> initialResponse) {
        return initialResponse.map(this::verify).orElseGet(() -> new Step.Challenge(new byte[0]));
    }

    @Override
    Step onResponse(byte[] response) {
        return verify(response);
    }

    private Step verify(byte[] message) {
        Optional<String> text = text(message);
        if (text.isEmpty()) {
            return malformed("PLAIN message is not UTF-8");
        }
        String[] parts = text.get().split("\0", -1);
        if (parts.length != 3 || parts[1].isEmpty()) {
            return malformed("PLAIN message is not authzid NUL authcid NUL password");
        }
        String authcid = SaslPrep.prepareOrSelf(parts[1]);
        if (!parts[0].isEmpty() && !SaslPrep.prepareOrSelf(parts[0]).equals(authcid)) {
            return invalid("PLAIN: acting as another user is not allowed");
        }
        Optional<StoredUser> user = users.find(authcid);
        if (!passwordMatches(user, parts[2])) {
            return invalid(user.isEmpty() ? "PLAIN: unknown user" : "PLAIN: wrong password");
        }
        return new Step.Success(user.get().name(), Optional.empty());
    }
}
