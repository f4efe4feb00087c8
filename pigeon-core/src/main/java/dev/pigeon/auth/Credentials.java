package dev.pigeon.auth;

import java.util.Arrays;
import java.util.Objects;

/**
 * Who authenticates and with what: a user name and either a password or an OAuth 2.0 bearer
 * token (for XOAUTH2 and OAUTHBEARER).
 *
 * <p>The secret is a {@code char[]} copied on the way in, so {@link #clear()} can overwrite it
 * once the session is done with it; only this package reads it. {@link #toString()} never shows
 * it: {@code Credentials[user=alice, password=****]}.
 */
public final class Credentials {

    /** What the secret is; decides which mechanisms can use these credentials. */
    public enum Kind {
        PASSWORD,
        BEARER_TOKEN
    }

    private final String user;
    private final Kind kind;
    private final char[] secret;
    private volatile boolean cleared;

    private Credentials(String user, Kind kind, char[] secret) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(secret, "secret");
        if (user.isEmpty()) {
            throw new IllegalArgumentException("the user name is empty");
        }
        if (user.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the user name holds a control character");
        }
        this.user = user;
        this.kind = kind;
        this.secret = secret.clone();
    }

    /** A user name and password (copied; clear your own array when you like). */
    public static Credentials password(String user, char[] password) {
        return new Credentials(user, Kind.PASSWORD, password);
    }

    /** A user name and an OAuth 2.0 access token, for XOAUTH2 and OAUTHBEARER. */
    public static Credentials bearerToken(String user, char[] token) {
        if (token.length == 0) {
            throw new IllegalArgumentException("the bearer token is empty");
        }
        return new Credentials(user, Kind.BEARER_TOKEN, token);
    }

    public String user() {
        return user;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isBearerToken() {
        return kind == Kind.BEARER_TOKEN;
    }

    /** Overwrites the secret; starting an exchange afterwards fails. */
    public void clear() {
        cleared = true;
        Arrays.fill(secret, '\0');
    }

    public boolean isCleared() {
        return cleared;
    }

    /** A copy of the secret for a mechanism; the caller wipes it after use. */
    char[] secret() {
        if (cleared) {
            throw new IllegalStateException("the credentials were cleared");
        }
        return secret.clone();
    }

    /** The secret as UTF-8 bytes; the caller wipes them after use. */
    byte[] secretUtf8() {
        char[] chars = secret();
        try {
            return Crypto.utf8(chars);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    @Override
    public String toString() {
        String label = kind == Kind.PASSWORD ? "password" : "token";
        return "Credentials[user=" + user + ", " + label + "=****]";
    }
}
