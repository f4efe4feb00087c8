package dev.pigeon.message;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes body text in the charset a caller chose, strictly.
 *
 * <p>A character the charset cannot represent is refused, never replaced by {@code ?}. The bytes are
 * then checked line by line: a CR, LF or NUL octet may only come from the text's own line breaks
 * and NULs. A charset that maps some other character to 0x0A would otherwise let text start a new
 * line the author never wrote (the CVE-2025-7962 class of header and command injection). Charsets
 * that do not write ASCII as ASCII (UTF-16, EBCDIC) are refused outright: MIME text needs CRLF as
 * the octets 13 and 10.
 */
final class TextCharsets {
    private static final String ASCII_SAMPLE = asciiSample();

    private TextCharsets() {}

    /** The charset if MIME text can be written in it; otherwise an IllegalArgumentException. */
    static Charset requireMimeText(Charset charset) {
        if (!charset.canEncode()) {
            throw new IllegalArgumentException("charset " + charset.name() + " can only decode, not encode");
        }
        byte[] actual;
        try {
            ByteBuffer encoded = strictEncoder(charset).encode(CharBuffer.wrap(ASCII_SAMPLE));
            actual = new byte[encoded.remaining()];
            encoded.get(actual);
        } catch (CharacterCodingException e) {
            actual = null;
        }
        if (!Arrays.equals(actual, ASCII_SAMPLE.getBytes(StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException("charset " + charset.name()
                    + " does not write ASCII (and CRLF) as ASCII, so it cannot carry MIME text");
        }
        return charset;
    }

    /** The text (lines separated by CRLF) in the charset, with every CR, LF and NUL checked. */
    static byte[] encode(String what, String crlfText, Charset charset) {
        ByteBuffer all = ByteBuffer.allocate(Math.max(16, crlfText.length() * 4 + 16));
        String[] lines = crlfText.split("\r\n", -1);
        for (int n = 0; n < lines.length; n++) {
            byte[] line = encodeLine(what, lines[n], n + 1, charset);
            if (all.remaining() < line.length + 2) {
                ByteBuffer bigger = ByteBuffer.allocate((all.capacity() + line.length) * 2);
                all.flip();
                all = bigger.put(all);
            }
            all.put(line);
            if (n < lines.length - 1) {
                all.put((byte) '\r').put((byte) '\n');
            }
        }
        return Arrays.copyOf(all.array(), all.position());
    }

    private static byte[] encodeLine(String what, String line, int lineNumber, Charset charset) {
        CharsetEncoder encoder = strictEncoder(charset);
        CharBuffer in = CharBuffer.wrap(line);
        ByteBuffer out = ByteBuffer.allocate((int) Math.ceil(line.length() * (double) encoder.maxBytesPerChar()) + 16);
        CoderResult result = encoder.encode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            throw new IllegalArgumentException(what + ": " + describe(line, at) + " at line " + lineNumber
                    + ", column " + (at + 1) + (result.isMalformed() ? " is not valid Unicode"
                    : " cannot be written in " + charset.name()) + "; choose another charset (UTF-8 can write every character)");
        }
        encoder.flush(out);
        byte[] bytes = Arrays.copyOf(out.array(), out.position());
        requireNoInventedBreaks(what, line, lineNumber, bytes, charset);
        return bytes;
    }

    /** CR and LF never appear inside a line's bytes; NUL only as many times as the text has NULs. */
    private static void requireNoInventedBreaks(String what, String line, int lineNumber, byte[] bytes, Charset charset) {
        long nulChars = line.chars().filter(c -> c == 0).count();
        long nulBytes = 0;
        for (byte b : bytes) {
            if (b == '\r' || b == '\n') {
                throw new IllegalArgumentException(what + ": in " + charset.name() + ", line " + lineNumber
                        + " encodes to a CR or LF octet that is not a line break; refusing to send it");
            }
            if (b == 0) {
                nulBytes++;
            }
        }
        if (nulBytes != nulChars) {
            throw new IllegalArgumentException(what + ": in " + charset.name() + ", line " + lineNumber
                    + " encodes to a NUL octet that is not in the text; refusing to send it");
        }
    }

    private static CharsetEncoder strictEncoder(Charset charset) {
        return charset.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static String describe(String line, int at) {
        if (at >= line.length()) {
            return "the end of the line";
        }
        int cp = line.codePointAt(at);
        boolean loneSurrogate = cp < 0x10000 && Character.isSurrogate((char) cp);
        String shown = Character.isISOControl(cp) || loneSurrogate ? "" : " (" + Character.toString(cp) + ")";
        return String.format("character U+%04X%s", cp, shown);
    }

    private static String asciiSample() {
        StringBuilder s = new StringBuilder("\r\n\t");
        for (char c = 0x20; c < 0x7F; c++) {
            s.append(c);
        }
        return s.toString();
    }
}
