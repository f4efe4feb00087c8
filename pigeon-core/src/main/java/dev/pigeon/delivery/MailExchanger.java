package dev.pigeon.delivery;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * One host to try for a domain: its name (ASCII, lower case, no final dot), its MX preference and
 * its addresses in the order to try them. An implicit MX (RFC 5321 5.1) is the domain itself with
 * preference 0; a domain literal is the literal with its one address.
 */
public record MailExchanger(String host, int preference, List<InetAddress> addresses) {
    public MailExchanger {
        Objects.requireNonNull(host, "host");
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a mail exchanger to try needs at least one address: " + host);
        }
    }
}
