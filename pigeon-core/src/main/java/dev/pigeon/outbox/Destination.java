package dev.pigeon.outbox;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a session goes: a smarthost, or a mail exchanger already resolved.
 *
 * @param host    the server's name (what TLS verifies and AUTH names)
 * @param address the address to connect to, when already resolved (MX routing)
 */
public record Destination(String host, Optional<InetAddress> address, int port) {
    public Destination {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(address, "address");
    }

    public static Destination smarthost(String host, int port) {
        return new Destination(host, Optional.empty(), port);
    }

    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return h + ":" + port;
    }
}
