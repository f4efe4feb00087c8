package dev.pigeon.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/**
 * Splits an mbox file into its messages, streaming: a message starts after a {@code From } line at
 * the start of the file or after an empty line; {@code >From } lines (any number of {@code >})
 * lose one {@code >} (mboxrd). Each message is an {@link InputStream} that ends at the next
 * separator; the separator's empty line before it belongs to no message.
 */
final class MboxReader {
    private final PushbackInputStream in;
    private boolean atStart = true;
    private boolean ended;

    MboxReader(InputStream in) {
        this.in = new PushbackInputStream(in, 8);
    }

    /** Whether the stream starts like an mbox ({@code From } at byte 0); does not consume. */
    static boolean looksLikeMbox(byte[] head) {
        return isSeparator(head);
    }

    /** The next message, or null at the end; the previous one must have been read to its end. */
    InputStream next() throws IOException {
        if (ended) {
            return null;
        }
        if (atStart) {
            byte[] first = readLine();
            atStart = false;
            if (first == null) {
                ended = true;
                return null;
            }
            if (!isSeparator(first)) {
                throw new IOException("not an mbox file: the first line is not a 'From ' line");
            }
        }
        return new Message();
    }

    private static boolean isSeparator(byte[] line) {
        return line.length >= 5 && line[0] == 'F' && line[1] == 'r' && line[2] == 'o' && line[3] == 'm' && line[4] == ' ';
    }

    private static boolean isEmpty(byte[] line) {
        return line.length == 0 || (line.length == 1 && line[0] == '\r');
    }

    /** A line without its LF (a CR before it is kept), or null at the end of the stream. */
    private byte[] readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        return line.toByteArray();
    }

    /** One message's lines, unescaped, each ending in LF. */
    private final class Message extends InputStream {
        private byte[] current = new byte[0];
        private int pos;
        private byte[] heldEmpty; // an empty line that may be the separator's
        private boolean done;

        @Override
        public int read() throws IOException {
            while (pos >= current.length) {
                if (!fill()) {
                    return -1;
                }
            }
            return current[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (pos >= current.length) {
                if (!fill()) {
                    return -1;
                }
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        private boolean fill() throws IOException {
            if (done) {
                return false;
            }
            byte[] line = readLine();
            if (line == null) {
                // An empty line before the end of the file is the separator's too (mbox writes one after each message).
                done = true;
                ended = true;
                return false;
            }
            if (heldEmpty != null && isSeparator(line)) {
                done = true; // the next message starts; the empty line was the separator's
                return false;
            }
            if (heldEmpty != null) {
                byte[] empty = heldEmpty;
                heldEmpty = isEmpty(line) ? line : null;
                if (heldEmpty == null) {
                    emitTwo(empty, unescape(line));
                } else {
                    emit(empty);
                }
                return true;
            }
            if (isEmpty(line)) {
                heldEmpty = line;
                current = new byte[0];
                pos = 0;
                return true;
            }
            emit(unescape(line));
            return true;
        }

        private void emit(byte[] line) {
            current = withLf(line);
            pos = 0;
        }

        private void emitTwo(byte[] a, byte[] b) {
            byte[] first = withLf(a);
            byte[] second = withLf(b);
            current = new byte[first.length + second.length];
            System.arraycopy(first, 0, current, 0, first.length);
            System.arraycopy(second, 0, current, first.length, second.length);
            pos = 0;
        }

        private byte[] withLf(byte[] line) {
            byte[] out = java.util.Arrays.copyOf(line, line.length + 1);
            out[line.length] = '\n';
            return out;
        }

        private byte[] unescape(byte[] line) {
            int i = 0;
            while (i < line.length && line[i] == '>') {
                i++;
            }
            if (i > 0 && line.length - i >= 5 && isSeparator(java.util.Arrays.copyOfRange(line, i, i + 5))) {
                return java.util.Arrays.copyOfRange(line, 1, line.length);
            }
            return line;
        }
    }
}
