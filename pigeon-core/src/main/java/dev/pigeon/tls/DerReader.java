package dev.pigeon.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads DER TLVs, just enough to unwrap PKCS#1/SEC1 keys and read names from certificates.
 * Malformed input is an {@link IllegalArgumentException}; callers turn it into their own error.
 */
final class DerReader {
    /** One element: its tag, its content, and its whole encoding (tag and length included). */
    record Tlv(int tag, byte[] content, byte[] encoded) {
        List<Tlv> children() {
            return DerReader.readAll(content);
        }

        /** The element's text, for the ASN.1 string types found in names. */
        String text() {
            return switch (tag) {
                case Der.UTF8_STRING -> new String(content, StandardCharsets.UTF_8);
                case Der.BMP_STRING -> new String(content, StandardCharsets.UTF_16BE);
                case Der.PRINTABLE_STRING, Der.IA5_STRING, Der.T61_STRING ->
                    new String(content, StandardCharsets.ISO_8859_1);
                default -> new String(content, StandardCharsets.ISO_8859_1);
            };
        }
    }

    private DerReader() {}

    static Tlv readOne(byte[] der) {
        List<Tlv> all = readAll(der);
        if (all.size() != 1) {
            throw new IllegalArgumentException("expected one DER element, found " + all.size());
        }
        return all.get(0);
    }

    static List<Tlv> readAll(byte[] der) {
        List<Tlv> out = new ArrayList<>();
        int pos = 0;
        while (pos < der.length) {
            int start = pos;
            int tag = der[pos++] & 0xFF;
            if ((tag & 0x1F) == 0x1F) {
                throw new IllegalArgumentException("multi-byte DER tags are not supported");
            }
            if (pos >= der.length) {
                throw new IllegalArgumentException("DER element truncated");
            }
            int first = der[pos++] & 0xFF;
            long length = first;
            if (first >= 0x80) {
                int count = first & 0x7F;
                if (count == 0 || count > 4 || pos + count > der.length) {
                    throw new IllegalArgumentException("bad DER length");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (der[pos++] & 0xFF);
                }
            }
            if (length > der.length - pos) {
                throw new IllegalArgumentException("DER element longer than its input");
            }
            int end = pos + (int) length;
            out.add(new Tlv(tag, Arrays.copyOfRange(der, pos, end), Arrays.copyOfRange(der, start, end)));
            pos = end;
        }
        return out;
    }
}
