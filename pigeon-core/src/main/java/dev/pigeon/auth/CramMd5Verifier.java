package dev.pigeon.auth;

import java.util.Locale;
import java.util.Optional;

/** Server side of CRAM-MD5 (RFC 2195): a unique challenge, then {@code user SP hex-digest}. */
final class CramMd5Verifier extends ServerExchange {
    private final UserStore users;
    private final byte[] challenge;

    CramMd5Verifier(UserStore users, String serverName, Optional<byte[]> initialResponse) {
        super("CRAM-MD5", initialResponse);
        this.users = users;
        long a = Crypto.randomLong();
        long b = Crypto.randomLong();
        this.challenge = Crypto.utf8("<" + Long.toUnsignedString(a) + "."
                + Long.toUnsignedString(b) + "@" + serverName + ">");
    }

    @Override
    Step onBegin(Optional<byte[]> initialResponse) {
        if (initialResponse.isPresent() && initialResponse.get().length > 0) {
            return malformed("CRAM-MD5 takes no initial response");
        }
        return new Step.Challenge(challenge);
    }

    @Override
    Step onResponse(byte[] response) {
        Optional<String> text = text(response);
        int space = text.map(t -> t.lastIndexOf(' ')).orElse(-1);
        if (space <= 0 || text.get().length() - space - 1 != 32) {
            return malformed("CRAM-MD5 response is not 'user digest'");
        }
        String name = SaslPrep.prepareOrSelf(text.get().substring(0, space));
        byte[] given = Crypto.utf8(text.get().substring(space + 1).toLowerCase(Locale.ROOT));
        Optional<StoredUser> user = users.find(name);
        Optional<byte[]> password = user.flatMap(StoredUser::password);
        byte[] expected = password.map(p -> Crypto.utf8(CramMd5.digest(p, challenge)))
                .orElse(new byte[32]);
        if (!Crypto.constantTimeEquals(given, expected) || password.isEmpty()) {
            return invalid(user.isEmpty() ? "CRAM-MD5: unknown user" : "CRAM-MD5: wrong digest");
        }
        return new Step.Success(user.get().name(), Optional.empty());
    }
}
