package dev.pigeon.message;

import java.util.random.RandomGenerator;

/** Message-IDs (RFC 5322 3.6.4): generated from randomness, or checked when given. */
final class MessageIds {
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private MessageIds() {}

    /** {@code <26 random base32 characters (130 bits)@domain>}. */
    static String generate(RandomGenerator random, String domain) {
        StringBuilder id = new StringBuilder("<");
        for (int i = 0; i < 26; i++) {
            id.append(BASE32[random.nextInt(BASE32.length)]);
        }
        return id.append('@').append(domain).append('>').toString();
    }

    /**
     * Checks {@code left@right} (angle brackets optional) and returns it in brackets. Both sides
     * are dot-atom text; the right side may also be a {@code [literal]}.
     */
    static String checked(String id) {
        String inner = id.startsWith("<") && id.endsWith(">") ? id.substring(1, id.length() - 1) : id;
        int at = inner.lastIndexOf('@');
        if (at <= 0 || at == inner.length() - 1
                || !isDotAtom(inner.substring(0, at)) || !isRight(inner.substring(at + 1))) {
            throw new IllegalArgumentException("not a Message-ID (want left@right, dot-atoms): " + id);
        }
        return "<" + inner + ">";
    }

    private static boolean isRight(String right) {
        if (right.startsWith("[") && right.endsWith("]")) {
            return right.chars().skip(1).limit(right.length() - 2L)
                    .allMatch(c -> c >= 33 && c <= 126 && c != '[' && c != ']' && c != '\\');
        }
        return isDotAtom(right);
    }

    private static boolean isDotAtom(String s) {
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return false;
        }
        return s.chars().allMatch(c -> c == '.' || isAtext(c));
    }

    private static boolean isAtext(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }
}
