package dev.pigeon.auth;

import java.util.Objects;

/**
 * The server being authenticated to, as the client named it: OAUTHBEARER sends it in its
 * GS2 header ({@code host=}, {@code port=}); other mechanisms ignore it.
 */
public record AuthTarget(String host, int port) {
    public AuthTarget {
        Objects.requireNonNull(host, "host");
        if (host.chars().anyMatch(c -> c <= 0x20 || c == 0x7F || c == ',')) {
            throw new IllegalArgumentException("host holds a space, control or comma");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }
}
