package dev.pigeon.client;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The default EHLO name: this host's name when it is a dotted FQDN, otherwise "localhost.localdomain". */
final class LocalName {
    private LocalName() {}

    static String guess() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            if (name.indexOf('.') > 0 && name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-')) {
                return name;
            }
        } catch (UnknownHostException ignored) {
            // fall through to the fixed name
        }
        return "localhost.localdomain";
    }
}
