package dev.pigeon.message;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A multipart body (RFC 2046 5.1): {@code mixed}, {@code related} or {@code alternative}.
 *
 * <p>The boundary is {@code =_} followed by random letters and digits. Quoted-printable writes
 * {@code =} only before two hex digits or a line break, and base64 only as final padding, so neither
 * can produce it; every part held in memory (text, header fields, inner boundaries) is checked as
 * well, and a boundary found there is drawn again.
 *
 * @param subtype mixed, related or alternative
 * @param parameters extra Content-Type parameters, each with its leading {@code "; "}
 * @param boundary the boundary, never found in any part
 * @param parts the parts, in order
 * @param eightBitEncoding whether to declare {@code 8bit} (a part holds 8-bit text)
 */
record Multipart(String subtype, String parameters, String boundary, List<MimePart> parts, boolean eightBitEncoding)
        implements MimePart {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int RANDOM_LENGTH = 24;

    static Multipart of(String subtype, String parameters, List<MimePart> parts, RandomGenerator random) {
        String boundary;
        do {
            boundary = randomBoundary(random);
        } while (mentioned(parts, boundary));
        boolean eightBit = parts.stream().anyMatch(MimePart::eightBit);
        return new Multipart(subtype, parameters, boundary, List.copyOf(parts), eightBit);
    }

    @Override
    public List<HeaderField> fields() {
        HeaderField type = new HeaderField("Content-Type",
                "multipart/" + subtype + "; boundary=\"" + boundary + "\"" + parameters);
        // RFC 2045 6.4: a multipart's encoding is 7bit (the default) unless a part holds 8-bit data.
        return eightBitEncoding ? List.of(type, new HeaderField("Content-Transfer-Encoding", "8bit")) : List.of(type);
    }

    @Override
    public void writeBody(OutputStream out) throws IOException {
        byte[] delimiter = ("--" + boundary + "\r\n").getBytes(StandardCharsets.US_ASCII);
        for (MimePart part : parts) {
            out.write(delimiter);
            out.write(part.renderedFields().getBytes(StandardCharsets.US_ASCII));
            out.write('\r');
            out.write('\n');
            part.writeBody(out);
            out.write('\r');
            out.write('\n');
        }
        out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public long bodySize() {
        long size = 0;
        for (MimePart part : parts) {
            size += boundary.length() + 4 + part.renderedFields().length() + 2 + part.bodySize() + 2;
        }
        return size + boundary.length() + 6;
    }

    @Override
    public boolean eightBit() {
        return eightBitEncoding;
    }

    @Override
    public boolean mentions(String text) {
        return boundary.contains(text) || text.contains(boundary) || mentioned(parts, text);
    }

    private static boolean mentioned(List<MimePart> parts, String text) {
        return parts.stream().anyMatch(p -> p.mentions(text));
    }

    private static String randomBoundary(RandomGenerator random) {
        StringBuilder b = new StringBuilder("=_pigeon_");
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
