package dev.pigeon.protocol;

/**
 * The address literals of RFC 5321 4.1.3: {@code [192.0.2.1]}, {@code [IPv6:2001:db8::1]} and
 * the general {@code [tag:content]}. Syntax only: nothing is resolved or looked up.
 */
final class AddressLiteral {
    private AddressLiteral() {}

    /** Throws {@link InvalidAddressException} unless {@code literal} is a valid address literal. */
    static void check(String literal) {
        if (literal.length() < 2 || !literal.startsWith("[") || !literal.endsWith("]")) {
            throw new InvalidAddressException("unbalanced square brackets in domain: " + literal);
        }
        String body = literal.substring(1, literal.length() - 1);
        if (body.isEmpty()) {
            throw new InvalidAddressException("empty address literal []");
        }
        if (body.indexOf('[') >= 0 || body.indexOf(']') >= 0) {
            throw new InvalidAddressException("unbalanced square brackets in domain: " + literal);
        }
        if (body.regionMatches(true, 0, "IPv6:", 0, 5)) {
            if (!isIpv6(body.substring(5))) {
                throw new InvalidAddressException("not a valid IPv6 address literal: " + literal);
            }
        } else if (body.indexOf(':') >= 0) {
            checkGeneral(body, literal);
        } else if (!isIpv4(body)) {
            throw new InvalidAddressException("not a valid IPv4 address literal: " + literal);
        }
    }

    /** Dotted quad of decimal numbers 0-255, one to three digits each (RFC 5321 Snum). */
    static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
            if (Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * RFC 5321 IPv6-addr: eight groups, or fewer around one "::" that stands for at least two
     * zero groups; a trailing IPv4 address counts as two groups.
     */
    static boolean isIpv6(String s) {
        int gap = s.indexOf("::");
        if (gap < 0) {
            return groups(s, true) == 8;
        }
        if (s.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        String left = s.substring(0, gap);
        String right = s.substring(gap + 2);
        int l = left.isEmpty() ? 0 : groups(left, false);
        int r = right.isEmpty() ? 0 : groups(right, true);
        return l >= 0 && r >= 0 && l + r <= 6;
    }

    /** Number of 16-bit groups in colon-separated {@code part}, or -1 if malformed. */
    private static int groups(String part, boolean mayEndInIpv4) {
        String[] pieces = part.split(":", -1);
        int count = 0;
        for (int i = 0; i < pieces.length; i++) {
            String p = pieces[i];
            if (i == pieces.length - 1 && mayEndInIpv4 && p.indexOf('.') >= 0) {
                if (!isIpv4(p)) {
                    return -1;
                }
                count += 2;
            } else if (isHexGroup(p)) {
                count++;
            } else {
                return -1;
            }
        }
        return count;
    }

    private static boolean isHexGroup(String p) {
        return !p.isEmpty() && p.length() <= 4 && p.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 0x80);
    }

    /**
     * General-address-literal: Ldh-str ":" 1*dcontent, dcontent = %d33-90 / %d94-126, less
     * {@code "}, {@code <} and {@code >}: the grammar allows them, but a path holding them is read
     * differently by different parsers (a quote looks like a quoted local part, a '>' ends the
     * path), and no registered literal uses them.
     */
    private static void checkGeneral(String body, String literal) {
        int colon = body.indexOf(':');
        String tag = body.substring(0, colon);
        String content = body.substring(colon + 1);
        boolean tagOk = !tag.isEmpty()
                && !tag.endsWith("-")
                && tag.chars().allMatch(c -> c == '-' || (c < 0x80 && Character.isLetterOrDigit(c)));
        if (!tagOk) {
            throw new InvalidAddressException("address literal has a malformed tag: " + literal);
        }
        if (content.isEmpty()) {
            throw new InvalidAddressException("address literal has nothing after its tag: " + literal);
        }
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (c == ' ' || Character.isWhitespace(c)) {
                throw new InvalidAddressException("whitespace in address (in the address literal): " + literal);
            }
            if (c < 33 || c > 126 || c == '\\' || c == '"' || c == '<' || c == '>') {
                throw new InvalidAddressException("character '" + c + "' not allowed in an address literal: "
                        + literal);
            }
        }
    }
}
