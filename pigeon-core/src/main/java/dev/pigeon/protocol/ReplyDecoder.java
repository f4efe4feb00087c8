package dev.pigeon.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes SMTP replies incrementally from bytes fed in any split: feed what the socket gave, then
 * {@link #poll()} until it returns null.
 *
 * <p>Strict by design: lines end in CRLF (a bare LF or CR is a protocol error), the code is three
 * digits from 200 to 599, every line of a multiline reply carries the same code, and both the line
 * length and the number of lines are bounded, so a hostile server cannot grow our memory.
 * Bytes after a complete reply stay buffered; {@link #buffered()} tells how many (STARTTLS needs
 * to know that nothing followed the 220).
 */
public final class ReplyDecoder {
    /** RFC 5321 allows 512 octets per reply line; real servers sometimes send more. */
    public static final int DEFAULT_MAX_LINE = 2048;
    public static final int DEFAULT_MAX_LINES = 256;

    private final int maxLineLength;
    private final int maxLines;
    private byte[] buf = new byte[1024];
    private int start;
    private int end;
    private int scanFrom;
    private final List<String> pending = new ArrayList<>();
    private int pendingCode = -1;

    public ReplyDecoder() {
        this(DEFAULT_MAX_LINE, DEFAULT_MAX_LINES);
    }

    /** @param maxLineLength longest accepted line, in bytes, without its CRLF */
    public ReplyDecoder(int maxLineLength, int maxLines) {
        if (maxLineLength < 3 || maxLines < 1) {
            throw new IllegalArgumentException("limits too small");
        }
        this.maxLineLength = maxLineLength;
        this.maxLines = maxLines;
    }

    public void feed(byte[] bytes, int offset, int length) {
        ensureRoom(length);
        System.arraycopy(bytes, offset, buf, end, length);
        end += length;
    }

    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    /** The next complete reply, or null when more bytes are needed. */
    public Reply poll() throws SmtpProtocolException {
        while (true) {
            int lf = indexOfLf();
            if (lf < 0) {
                if (end - start > maxLineLength + 1) {
                    throw new SmtpProtocolException("reply line longer than " + maxLineLength + " bytes");
                }
                return null;
            }
            String line = takeLine(lf);
            Reply reply = accept(line);
            if (reply != null) {
                return reply;
            }
        }
    }

    /** Bytes received but not yet part of a returned reply (a partial line or a next reply). */
    public int buffered() {
        return end - start + pending.stream().mapToInt(l -> l.length() + 2).sum();
    }

    /** Forgets everything buffered: used when the byte stream changes (after a TLS handshake). */
    public void reset() {
        start = end = scanFrom = 0;
        pending.clear();
        pendingCode = -1;
    }

    private int indexOfLf() {
        for (int i = Math.max(scanFrom, start); i < end; i++) {
            if (buf[i] == '\n') {
                scanFrom = i + 1;
                return i;
            }
        }
        scanFrom = end;
        return -1;
    }

    private String takeLine(int lf) throws SmtpProtocolException {
        int lineEnd = lf - 1;
        if (lineEnd < start || buf[lineEnd] != '\r') {
            throw new SmtpProtocolException("reply line ended by a bare LF, not CRLF");
        }
        int length = lineEnd - start;
        if (length > maxLineLength) {
            throw new SmtpProtocolException("reply line longer than " + maxLineLength + " bytes");
        }
        for (int i = start; i < lineEnd; i++) {
            if (buf[i] == '\r') {
                throw new SmtpProtocolException("reply line contains a bare CR");
            }
        }
        String line = new String(buf, start, length, StandardCharsets.ISO_8859_1);
        start = lf + 1;
        if (start == end) {
            start = end = scanFrom = 0;
        }
        return line;
    }

    private Reply accept(String line) throws SmtpProtocolException {
        int code = parseCode(line);
        if (pendingCode >= 0 && code != pendingCode) {
            throw new SmtpProtocolException(
                    "multiline reply changed its code from " + pendingCode + " to " + code);
        }
        pending.add(line);
        pendingCode = code;
        if (line.length() > 3 && line.charAt(3) == '-') {
            if (pending.size() >= maxLines) {
                throw new SmtpProtocolException("reply has more than " + maxLines + " lines");
            }
            return null;
        }
        Reply reply = new Reply(code, pending);
        pending.clear();
        pendingCode = -1;
        return reply;
    }

    private static int parseCode(String line) throws SmtpProtocolException {
        if (line.length() < 3) {
            throw new SmtpProtocolException("reply line too short for a code: " + Escaping.visible(line));
        }
        char a = line.charAt(0);
        char b = line.charAt(1);
        char c = line.charAt(2);
        if (a < '2' || a > '5' || b < '0' || b > '9' || c < '0' || c > '9') {
            throw new SmtpProtocolException("reply does not start with a code 200-599: "
                    + Escaping.visible(line.substring(0, Math.min(line.length(), 40))));
        }
        if (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-') {
            throw new SmtpProtocolException("reply code not followed by space or '-': "
                    + Escaping.visible(line.substring(0, Math.min(line.length(), 40))));
        }
        return (a - '0') * 100 + (b - '0') * 10 + (c - '0');
    }

    private void ensureRoom(int more) {
        if (end + more <= buf.length) {
            return;
        }
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            scanFrom = Math.max(0, scanFrom - start);
            start = 0;
        }
        if (end + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, end + more));
        }
    }
}
