package dev.pigeon.protocol;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Makes peer bytes safe to print: control characters (C0, DEL, C1 — so every terminal escape
 * sequence), invisible format characters (bidi overrides, zero-width marks, U+2028/2029) and
 * bytes that are not valid UTF-8 become visible {@code \xNN}; a backslash becomes
 * {@code \\} so the output stays unambiguous. Valid UTF-8 text is kept readable.
 */
public final class Escaping {
    private Escaping() {}

    /** Escapes a wire line held one char per byte (ISO-8859-1), as {@link Reply} keeps it. */
    public static String visible(String wireLine) {
        return visible(wireLine.getBytes(StandardCharsets.ISO_8859_1));
    }

    public static String visible(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length + 16);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer chars = CharBuffer.allocate(2);
        while (in.hasRemaining()) {
            int b = in.get(in.position()) & 0xFF;
            if (b < 0x80) {
                in.get();
                appendAscii(out, (char) b);
                continue;
            }
            chars.clear();
            int before = in.position();
            int seqLen = sequenceLength(b);
            ByteBuffer one = in.slice(before, Math.min(seqLen, in.remaining()));
            decoder.reset();
            CoderResult r = decoder.decode(one, chars, true);
            if (seqLen > 0 && !r.isError() && one.position() == seqLen) {
                chars.flip();
                for (int i = 0; i < chars.length(); i++) {
                    char c = chars.charAt(i);
                    if (isHidden(c)) {
                        appendHex(out, bytes, before, seqLen);
                        chars.position(chars.limit());
                        break;
                    }
                    out.append(c);
                }
                in.position(before + seqLen);
            } else {
                out.append(String.format("\\x%02X", b));
                in.position(before + 1);
            }
        }
        return out.toString();
    }

    /**
     * C1 controls, and characters that change how a line looks without being seen: bidi
     * overrides and other format characters (U+202E could reorder a transcript line), and the
     * Unicode line and paragraph separators.
     */
    public static boolean isHidden(char c) {
        if (c >= 0x80 && c < 0xA0) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static void appendAscii(StringBuilder out, char c) {
        if (c == '\\') {
            out.append("\\\\");
        } else if (c < 0x20 || c == 0x7F) {
            out.append(String.format("\\x%02X", (int) c));
        } else {
            out.append(c);
        }
    }

    private static void appendHex(StringBuilder out, byte[] bytes, int from, int len) {
        for (int i = from; i < from + len; i++) {
            out.append(String.format("\\x%02X", bytes[i] & 0xFF));
        }
    }

    private static int sequenceLength(int lead) {
        if (lead >= 0xC2 && lead <= 0xDF) {
            return 2;
        }
        if (lead >= 0xE0 && lead <= 0xEF) {
            return 3;
        }
        if (lead >= 0xF0 && lead <= 0xF4) {
            return 4;
        }
        return 0;
    }
}
