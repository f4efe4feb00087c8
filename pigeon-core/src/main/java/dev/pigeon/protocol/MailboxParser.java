package dev.pigeon.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The RFC 5321 mailbox grammar (4.1.2) with its size limits (4.5.3.1), extended to UTF-8 as
 * RFC 6531 allows.
 *
 * <p>Accepted: {@code local@domain}, {@code <local@domain>} and {@code <>} (the null path). The
 * local part is a dot-string or a quoted string and is kept exactly as written, quotes included,
 * so it goes on the wire unchanged. The domain is LDH labels (or UTF-8 U-labels), an address
 * literal {@code [192.0.2.1]} / {@code [IPv6:2001:db8::1]}, or a general literal
 * {@code [tag:content]}; nothing is resolved. Refused, with a message that says why: whitespace
 * (outside a quoted local part), control characters, unbalanced brackets, source routes, and
 * parts over 64 (local), 255 (domain) or 256 (whole path) octets.
 */
final class MailboxParser {
    static final int MAX_LOCAL_PART = 64;
    static final int MAX_DOMAIN = 255;
    static final int MAX_PATH = 256;
    private static final int MAX_LABEL = 63;
    /** atext of RFC 5322 besides letters and digits. */
    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    private MailboxParser() {}

    /** Parses user or wire text; surrounding whitespace is ignored. */
    static Mailbox parse(String text) {
        if (text == null) {
            throw new InvalidAddressException("no address given");
        }
        String t = text.strip();
        if (t.isEmpty()) {
            throw new InvalidAddressException("address is empty (write <> for the null reverse-path)");
        }
        requireNoControls(t);
        requireNoWhitespaceOutsideQuotes(t);
        String inner = withoutAngleBrackets(t);
        if (inner.isEmpty()) {
            return Mailbox.NULL;
        }
        if (inner.startsWith("@") && inner.indexOf(':') > 0) {
            throw new InvalidAddressException("source routes (<@host:user@domain>) are not accepted: " + t);
        }
        int at = endOfLocalPart(inner);
        return new Mailbox(inner.substring(0, at), inner.substring(at + 1));
    }

    /** Checks a local part and domain pair; the empty pair is the null path. */
    static void validate(String localPart, String domain) {
        if (localPart.isEmpty() && domain.isEmpty()) {
            return;
        }
        requireNoControls(localPart);
        requireNoControls(domain);
        if (localPart.isEmpty()) {
            throw new InvalidAddressException("address has no local part");
        }
        if (domain.isEmpty()) {
            throw new InvalidAddressException("address has no domain");
        }
        checkLocalPart(localPart);
        checkDomain(domain);
        int path = octets(localPart) + octets(domain) + 3; // '<', '@', '>'
        if (path > MAX_PATH) {
            throw new InvalidAddressException("path longer than " + MAX_PATH + " octets (" + path + ")");
        }
    }

    private static void requireNoControls(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (WireText.isControl(c)) {
                throw new InvalidAddressException("control character in address ("
                        + WireText.describe(c) + " at position " + i + ")");
            }
            if (Character.isSurrogate(c)) {
                if (!isSurrogatePairAt(s, i)) {
                    throw new InvalidAddressException("broken UTF-16 (lone surrogate) in address at position " + i);
                }
                i++;
            }
        }
    }

    /** Only a quoted local part may hold a space; anywhere else it means two words were given. */
    private static void requireNoWhitespaceOutsideQuotes(String t) {
        boolean quoted = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && isSpace(c)) {
                throw new InvalidAddressException("whitespace in address at position " + i
                        + " (only a quoted local part may hold a space): " + t);
            }
        }
    }

    private static boolean isSurrogatePairAt(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i))
                && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1));
    }

    private static String withoutAngleBrackets(String t) {
        boolean opens = t.startsWith("<");
        boolean closes = t.endsWith(">");
        if (opens != closes || (opens && t.length() == 1)) {
            throw new InvalidAddressException("unbalanced angle brackets in address: " + t);
        }
        return opens ? t.substring(1, t.length() - 1) : t;
    }

    /** Index of the '@' that ends the local part; a quoted local part may itself hold '@'. */
    private static int endOfLocalPart(String s) {
        int at;
        if (s.startsWith("\"")) {
            int close = closingQuote(s);
            if (close + 1 >= s.length() || s.charAt(close + 1) != '@') {
                throw new InvalidAddressException(close + 1 >= s.length()
                        ? "address has no domain"
                        : "unexpected text after the quoted local part: " + s);
            }
            at = close + 1;
        } else {
            at = s.indexOf('@');
            if (at < 0) {
                throw new InvalidAddressException("address has no domain (no '@'): " + s);
            }
        }
        if (at == 0) {
            throw new InvalidAddressException("address has no local part: " + s);
        }
        if (at == s.length() - 1) {
            throw new InvalidAddressException("address has no domain: " + s);
        }
        return at;
    }

    /** Index of the DQUOTE closing the quoted string that starts at 0. */
    private static int closingQuote(String s) {
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        throw new InvalidAddressException("quoted local part has no closing quote: " + s);
    }

    private static void checkLocalPart(String local) {
        if (octets(local) > MAX_LOCAL_PART) {
            throw new InvalidAddressException("local part longer than " + MAX_LOCAL_PART + " octets ("
                    + octets(local) + ")");
        }
        if (local.startsWith("\"")) {
            checkQuotedString(local);
        } else {
            checkDotString(local);
        }
    }

    private static void checkDotString(String local) {
        if (local.startsWith(".")) {
            throw new InvalidAddressException("local part starts with a dot: " + local);
        }
        if (local.endsWith(".")) {
            throw new InvalidAddressException("local part ends with a dot: " + local);
        }
        if (local.contains("..")) {
            throw new InvalidAddressException("local part has two dots in a row: " + local);
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (isSpace(c)) {
                throw new InvalidAddressException("whitespace in address (only a quoted local part may hold a space)");
            }
            if (c == '<' || c == '>') {
                throw new InvalidAddressException("unbalanced angle brackets in address: " + local);
            }
            if (c != '.' && !isAtext(c)) {
                throw new InvalidAddressException("character '" + c + "' not allowed in an unquoted local part"
                        + " (quote the local part to use it): " + local);
            }
        }
    }

    /** quoted-string of RFC 5321: qtextSMTP (UTF-8 too) or backslash + printable ASCII. */
    private static void checkQuotedString(String local) {
        if (local.length() < 2 || !local.endsWith("\"") || closingQuote(local) != local.length() - 1) {
            throw new InvalidAddressException("malformed quoted local part: " + local);
        }
        for (int i = 1; i < local.length() - 1; i++) {
            char c = local.charAt(i);
            if (c == '\\') {
                char escaped = local.charAt(++i);
                if (escaped < 0x20 || escaped > 0x7E || i == local.length() - 1) {
                    throw new InvalidAddressException("backslash must be followed by a printable ASCII character"
                            + " in quoted local part: " + local);
                }
            } else if (c != ' ' && isSpace(c)) {
                throw new InvalidAddressException("whitespace other than space in quoted local part: " + local);
            }
        }
    }

    private static void checkDomain(String domain) {
        if (octets(domain) > MAX_DOMAIN) {
            throw new InvalidAddressException("domain longer than " + MAX_DOMAIN + " octets (" + octets(domain) + ")");
        }
        if (domain.startsWith("[") || domain.endsWith("]")) {
            AddressLiteral.check(domain);
            return;
        }
        if (domain.startsWith(".")) {
            throw new InvalidAddressException("domain starts with a dot: " + domain);
        }
        if (domain.endsWith(".")) {
            throw new InvalidAddressException("domain ends with a dot: " + domain);
        }
        String[] labels = domain.split("\\.", -1);
        for (String label : labels) {
            checkLabel(label, domain);
        }
        if (labels.length == 4 && domain.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            throw new InvalidAddressException("an IP address must be written as an address literal: [" + domain + "]");
        }
    }

    private static void checkLabel(String label, String domain) {
        if (label.isEmpty()) {
            throw new InvalidAddressException("domain has two dots in a row: " + domain);
        }
        if (octets(label) > MAX_LABEL) {
            throw new InvalidAddressException("domain label longer than " + MAX_LABEL + " octets: " + label);
        }
        if (label.startsWith("-") || label.endsWith("-")) {
            throw new InvalidAddressException("domain label starts or ends with a hyphen: " + label);
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (isSpace(c)) {
                throw new InvalidAddressException("whitespace in address (in the domain): " + domain);
            }
            if (c == '<' || c == '>' || c == '[' || c == ']') {
                throw new InvalidAddressException("unbalanced brackets in address: " + domain);
            }
            if (!(isLetterOrDigit(c) || c == '-' || c >= 0x80)) {
                throw new InvalidAddressException("character '" + c + "' not allowed in a domain: " + domain);
            }
        }
    }

    static boolean isAtext(char c) {
        return isLetterOrDigit(c) || ATEXT_SPECIALS.indexOf(c) >= 0 || (c >= 0x80 && !isSpace(c));
    }

    private static boolean isLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** ASCII space or any Unicode white space (NBSP and line separators included). */
    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    static int octets(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
