package dev.pigeon.message;

import java.util.List;

/**
 * Renders header fields to folded ASCII lines: unstructured text (Subject, user fields) and
 * address lists (From, To, Cc).
 *
 * <p>Text that is printable ASCII is written as it is. Anything else — non-ASCII, text that could
 * be read as an encoded-word ({@code =?}), leading or trailing blanks a parser would strip, or a
 * run too long to fold under 998 octets — becomes RFC 2047 encoded-words, so the value reads back
 * exactly as given.
 */
final class HeaderValues {
    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    private HeaderValues() {}

    /** An unstructured field (RFC 5322 3.2.5), folded, ending in CRLF. */
    static String unstructured(String name, String value) {
        if (value.isEmpty()) {
            return name + ":\r\n";
        }
        String prefix = name + ": ";
        if (isPlainText(value)) {
            String folded = Folding.fold(prefix + value, prefix.length(), Folding.PREFERRED_LINE);
            if (Folding.longestLine(folded) <= Folding.MAX_LINE) {
                return folded;
            }
        }
        List<String> words = EncodedWords.encode(value, Folding.ENCODED_LINE - prefix.length());
        return Folding.fold(prefix + String.join(" ", words), name.length() + 1, Folding.ENCODED_LINE);
    }

    /** An address-list field (RFC 5322 3.4), folded, ending in CRLF. */
    static String addressList(String name, List<Address> addresses) {
        String folded = addressList(name, addresses, false);
        return Folding.longestLine(folded) <= Folding.MAX_LINE ? folded : addressList(name, addresses, true);
    }

    private static String addressList(String name, List<Address> addresses, boolean encodeNames) {
        String prefix = name + ": ";
        StringBuilder value = new StringBuilder();
        boolean encoded = false;
        for (int i = 0; i < addresses.size(); i++) {
            Address address = addresses.get(i);
            if (i > 0) {
                value.append(", ");
            }
            if (address.hasDisplayName()) {
                String displayName = address.displayName();
                if (encodeNames || !isPlainText(displayName)) {
                    int room = i == 0 ? Folding.ENCODED_LINE - prefix.length() : EncodedWords.MAX_WORD_LENGTH;
                    value.append(String.join(" ", EncodedWords.encode(displayName, room)));
                    encoded = true;
                } else {
                    value.append(phrase(displayName));
                }
                value.append(" <").append(address.mailbox().address()).append('>');
            } else {
                value.append(address.mailbox().address());
            }
        }
        // Only encoded-words were sized to need a fold right after the colon (see EncodedWords.encode).
        return encoded
                ? Folding.fold(prefix + value, name.length() + 1, Folding.ENCODED_LINE)
                : Folding.fold(prefix + value, prefix.length(), Folding.PREFERRED_LINE);
    }

    /** A plain display name as atoms when it is words of atext, otherwise as a quoted string. */
    private static String phrase(String displayName) {
        if (isAtomWords(displayName)) {
            return displayName;
        }
        StringBuilder quoted = new StringBuilder(displayName.length() + 2).append('"');
        for (int i = 0; i < displayName.length(); i++) {
            char c = displayName.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }

    /** Printable ASCII (and tabs), no encoded-word look-alike, no leading or trailing blank. */
    private static boolean isPlainText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7E) {
                return false;
            }
        }
        return !EncodedWords.looksEncoded(text) && !isBlank(text.charAt(0)) && !isBlank(text.charAt(text.length() - 1));
    }

    private static boolean isAtomWords(String text) {
        for (String word : text.split(" ", -1)) {
            if (word.isEmpty() || !word.chars().allMatch(c -> isAtext((char) c))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAtext(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || ATEXT_SPECIALS.indexOf(c) >= 0;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
