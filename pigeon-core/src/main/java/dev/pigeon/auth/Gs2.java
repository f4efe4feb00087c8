package dev.pigeon.auth;

/** The GS2 name escaping SCRAM (RFC 5802) and OAUTHBEARER (RFC 7628) share. */
final class Gs2 {
    private Gs2() {}

    /** {@code ,} becomes {@code =2C} and {@code =} becomes {@code =3D}. */
    static String escape(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            switch (c) {
                case ',' -> out.append("=2C");
                case '=' -> out.append("=3D");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The reverse of {@link #escape}; any other {@code =} sequence is malformed. */
    static String unescape(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ',') {
                throw new IllegalArgumentException("unescaped ',' in a SASL name");
            }
            if (c != '=') {
                out.append(c);
            } else if (name.startsWith("=2C", i)) {
                out.append(',');
                i += 2;
            } else if (name.startsWith("=3D", i)) {
                out.append('=');
                i += 2;
            } else {
                throw new IllegalArgumentException("bad '=' escape in a SASL name");
            }
        }
        return out.toString();
    }
}
