package dev.pigeon.auth;

import java.util.ArrayList;
import java.util.List;

/**
 * A SCRAM message split into its {@code x=value} attributes (RFC 5802 section 7), in order.
 * Values may hold '=' (base64); they never hold ','.
 */
record ScramAttributes(List<Attribute> list) {

    record Attribute(char name, String value) {}

    static ScramAttributes parse(String message) throws AuthenticationException {
        List<Attribute> out = new ArrayList<>();
        for (String part : message.split(",", -1)) {
            if (part.length() < 2 || part.charAt(1) != '=' || !isAlpha(part.charAt(0))) {
                throw new AuthenticationException("SCRAM: malformed attribute in server message");
            }
            out.add(new Attribute(part.charAt(0), part.substring(2)));
        }
        return new ScramAttributes(List.copyOf(out));
    }

    /** The value of the attribute at {@code index}, which must be named {@code name}. */
    String require(int index, char name) throws AuthenticationException {
        if (index >= list.size() || list.get(index).name() != name) {
            throw new AuthenticationException("SCRAM: expected attribute '" + name + "'");
        }
        return list.get(index).value();
    }

    boolean startsWith(char name) {
        return !list.isEmpty() && list.getFirst().name() == name;
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** A SCRAM nonce: printable ASCII except ','. */
    static boolean isValidNonce(String nonce) {
        if (nonce.isEmpty()) {
            return false;
        }
        for (int i = 0; i < nonce.length(); i++) {
            char c = nonce.charAt(i);
            if (c < 0x21 || c > 0x7E || c == ',') {
                return false;
            }
        }
        return true;
    }
}
