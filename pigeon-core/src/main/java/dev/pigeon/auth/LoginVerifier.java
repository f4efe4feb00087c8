package dev.pigeon.auth;

import java.util.Optional;

/**
 * Server side of LOGIN: "Username:" then "Password:". An initial response, which some clients
 * send, is taken as the user name.
 */
final class LoginVerifier extends ServerExchange {
    private final UserStore users;
    private String user;

    LoginVerifier(UserStore users, Optional<byte[]> initialResponse) {
        super("LOGIN", initialResponse);
        this.users = users;
    }

    @Override
    Step onBegin(Optional<byte[]> initialResponse) {
        if (initialResponse.isPresent() && initialResponse.get().length > 0) {
            return onResponse(initialResponse.get());
        }
        return challenge("Username:");
    }

    @Override
    Step onResponse(byte[] response) {
        Optional<String> text = text(response);
        if (text.isEmpty() || text.get().indexOf('\0') >= 0) {
            return malformed("LOGIN response is not UTF-8 text");
        }
        if (user == null) {
            if (text.get().isEmpty()) {
                return malformed("LOGIN: empty user name");
            }
            user = SaslPrep.prepareOrSelf(text.get());
            return challenge("Password:");
        }
        Optional<StoredUser> stored = users.find(user);
        if (!passwordMatches(stored, text.get())) {
            return invalid(stored.isEmpty() ? "LOGIN: unknown user" : "LOGIN: wrong password");
        }
        return new Step.Success(stored.get().name(), Optional.empty());
    }
}
