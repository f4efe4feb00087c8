package dev.pigeon.protocol;

import java.util.Locale;

/**
 * The encodings DSN parameters travel in: RFC 3461 xtext ({@code ENVID=}, {@code ORCPT=rfc822;})
 * and RFC 6533 utf-8-addr-xtext ({@code ORCPT=utf-8;} for internationalised addresses).
 */
public final class Xtext {
    private Xtext() {}

    /**
     * RFC 3461 section 4: printable ASCII except {@code +} and {@code =} as is, every other octet
     * as {@code +XX} (upper-case hex). {@code a+b=c d} gives {@code a+2Bb+3Dc+20d}.
     *
     * @throws IllegalArgumentException for a character outside US-ASCII (xtext carries octets of
     *     ASCII text only; use {@link #utf8AddressXtext} for internationalised addresses)
     */
    public static String encode(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0x7F) {
                throw new IllegalArgumentException("xtext carries ASCII only, not U+"
                        + Integer.toHexString(c).toUpperCase(Locale.ROOT));
            }
            if (c >= '!' && c <= '~' && c != '+' && c != '=') {
                sb.append(c);
            } else {
                sb.append('+').append(hex(c, 2));
            }
        }
        return sb.toString();
    }

    /**
     * RFC 6533 section 3: QCHARs (printable ASCII but {@code +}, {@code =}, {@code \}) as is, every
     * other character as {@code \x{HEX}} of its code point, without leading zeros beyond two
     * digits. {@code jöran@x} gives {@code j\x{F6}ran@x}.
     */
    public static String utf8AddressXtext(String address) {
        StringBuilder sb = new StringBuilder(address.length() + 8);
        address.codePoints().forEach(cp -> {
            if (cp >= '!' && cp <= '~' && cp != '+' && cp != '=' && cp != '\\') {
                sb.append((char) cp);
            } else {
                sb.append("\\x{").append(hex(cp, 2)).append('}');
            }
        });
        return sb.toString();
    }

    /** Whether every character is US-ASCII. */
    public static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static String hex(int value, int minDigits) {
        String h = Integer.toHexString(value).toUpperCase(Locale.ROOT);
        return h.length() >= minDigits ? h : "0".repeat(minDigits - h.length()) + h;
    }
}
