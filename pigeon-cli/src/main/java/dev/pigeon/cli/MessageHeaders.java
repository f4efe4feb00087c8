package dev.pigeon.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The header section of a message read from a stream (up to and including the empty line that
 * ends it), kept as the exact bytes of each field, so {@code pigeon sendmail} can read To, Cc and
 * Bcc, drop Bcc and add a missing From or Date without touching anything else. The body stays in
 * the stream and is never held in memory.
 *
 * <p>Both CRLF and bare LF line endings are accepted (the client normalises them later). When the
 * first line is not a header field, the message has no header section and everything is body.
 */
final class MessageHeaders {
    /** More header than this is not a message but a mistake (or an attack): bad input. */
    static final int MAX_HEADER_BYTES = 1 << 20;

    /** One field: its name and its raw bytes, continuation lines and line endings included. */
    record Field(String name, byte[] raw) {
        /** The value unfolded (line breaks removed), decoded as UTF-8 (RFC 6532) where valid. */
        String value() {
            String text = new String(raw, StandardCharsets.UTF_8);
            String value = text.substring(text.indexOf(':') + 1);
            if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
                return value.strip();
            }
            StringBuilder unfolded = new StringBuilder(value.length());
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                boolean lineEnd = c == '\n' || c == '\r' && i + 1 < value.length() && value.charAt(i + 1) == '\n';
                if (!lineEnd) {
                    unfolded.append(c);
                }
            }
            return unfolded.toString().strip();
        }
    }

    private final List<Field> fields;
    /** What followed the fields: the empty line and anything read past it, or a first body line. */
    private final byte[] tail;

    private MessageHeaders(List<Field> fields, byte[] tail) {
        this.fields = List.copyOf(fields);
        this.tail = tail;
    }

    /** Reads the header section from {@code in}; the body remains unread in {@code in}. */
    static MessageHeaders read(InputStream in) throws IOException {
        List<Field> fields = new ArrayList<>();
        ByteArrayOutputStream field = null;
        String name = null;
        long total = 0;
        while (true) {
            byte[] line = readLine(in);
            total += line.length;
            if (total > MAX_HEADER_BYTES) {
                throw Failure.badInput("the message's header section is over " + (MAX_HEADER_BYTES >> 20)
                        + " MiB; is standard input a message?");
            }
            boolean continuation = line.length > 0 && (line[0] == ' ' || line[0] == '\t');
            if (continuation && field != null) {
                field.write(line);
                continue;
            }
            if (field != null) {
                fields.add(new Field(name, field.toByteArray()));
                field = null;
            }
            String fieldName = fieldName(line);
            if (fieldName == null) {
                return new MessageHeaders(fields, line); // empty line, end of input, or body
            }
            name = fieldName;
            field = new ByteArrayOutputStream();
            field.write(line);
        }
    }

    /** The values of every field called {@code name} (case-insensitive), in order. */
    List<String> values(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value).toList();
    }

    boolean has(String name) {
        return fields.stream().anyMatch(f -> f.name().equalsIgnoreCase(name));
    }

    /**
     * The header section as it will be sent: {@code added} lines first (each without a line
     * ending), then every field except those named in {@code dropped}, then the rest of what was
     * read.
     */
    byte[] bytes(List<String> added, List<String> dropped) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : added) {
            out.writeBytes((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        List<String> drop = dropped.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
        for (Field f : fields) {
            if (!drop.contains(f.name().toLowerCase(Locale.ROOT))) {
                out.writeBytes(f.raw());
            }
        }
        if (!added.isEmpty() && fields.isEmpty() && tail.length > 0 && !isEmptyLine(tail)) {
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII)); // headers were added to a header-less message
        }
        out.writeBytes(tail);
        return out.toByteArray();
    }

    /** A field name (printable ASCII but ':', RFC 5322 3.6.8) followed by ':', or null. */
    private static String fieldName(byte[] line) {
        for (int i = 0; i < line.length; i++) {
            byte b = line[i];
            if (b == ':') {
                return i == 0 ? null : new String(line, 0, i, StandardCharsets.US_ASCII);
            }
            if (b < 33 || b > 126) {
                return null;
            }
        }
        return null;
    }

    private static boolean isEmptyLine(byte[] line) {
        return line.length == 1 && line[0] == '\n' || line.length == 2 && line[0] == '\r' && line[1] == '\n';
    }

    /** One line with its ending; fewer bytes (maybe none) at the end of input. */
    private static byte[] readLine(InputStream in) throws IOException {
        return in.markSupported() ? readLineMarked(in) : readLineByBytes(in);
    }

    /** Reads ahead in chunks and gives back what follows the line (mark and reset): the body stays unread. */
    private static byte[] readLineMarked(InputStream in) throws IOException {
        byte[] chunk = new byte[256];
        ByteArrayOutputStream line = null;
        while (true) {
            in.mark(chunk.length);
            int n = in.read(chunk, 0, chunk.length);
            if (n < 0) {
                return line == null ? new byte[0] : line.toByteArray();
            }
            int end = 0;
            while (end < n && chunk[end] != '\n') {
                end++;
            }
            boolean whole = end < n;
            int take = whole ? end + 1 : n;
            in.reset();
            in.skipNBytes(take);
            if (line == null && whole) {
                return java.util.Arrays.copyOf(chunk, take);
            }
            if (line == null) {
                line = new ByteArrayOutputStream(512);
            }
            line.write(chunk, 0, take);
            if (whole || line.size() > MAX_HEADER_BYTES) {
                return line.toByteArray();
            }
        }
    }

    private static byte[] readLineByBytes(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n' || line.size() > MAX_HEADER_BYTES) {
                break;
            }
        }
        return line.toByteArray();
    }
}
