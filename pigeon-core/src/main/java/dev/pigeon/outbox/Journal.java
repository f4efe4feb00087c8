package dev.pigeon.outbox;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * One append-only journal file of the spool: every state change of every entry is one record
 * appended at its end, so a change costs one write and no file of its own.
 *
 * <p>A record is a header line {@code P1 TYPE ID LENGTH CRC\n}, then LENGTH payload bytes and a
 * newline; the CRC-32C covers type, id and payload. A record is written with one positional write,
 * so a {@code kill -9} leaves it whole or missing; a power cut can leave a torn record at the end,
 * which reading stops at (nothing after it was acknowledged as durable, see {@link Spool}).
 */
final class Journal implements Closeable {
    private static final int MAX_HEADER = 256;
    private static final byte[] MAGIC = "P1 ".getBytes(StandardCharsets.US_ASCII);

    /** One record read back. {@code position} is where its header starts. */
    record Record(String type, String id, byte[] payload, long position) {}

    private final Path file;
    private final FileChannel channel;
    private final ReentrantLock lock = new ReentrantLock();
    private long end;
    /** Set when a failed write could not be cut back off: nothing more may be appended. */
    private IOException broken;

    private Journal(Path file, FileChannel channel, long end) {
        this.file = file;
        this.channel = channel;
        this.end = end;
    }

    /** Creates a new, empty journal file (it must not exist). */
    static Journal create(Path file) throws IOException {
        return create(file, FileChannel::open);
    }

    /** How a journal's channel is opened; tests put a failing channel in. */
    interface Opener {
        FileChannel open(Path file, java.nio.file.OpenOption... options) throws IOException;
    }

    static Journal create(Path file, Opener opener) throws IOException {
        FileChannel ch = opener.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new Journal(file, ch, 0);
    }

    /** Opens an existing journal to read records from (a spool's old journal, before compaction). */
    static Journal openForReading(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        return new Journal(file, ch, ch.size());
    }

    /**
     * Appends one record; returns the position of its header. A write that fails part way (a full
     * disk) is cut back off: a torn record in the middle would end every later replay there, and
     * records after it would be lost. If even that fails, the journal refuses further records.
     */
    long append(String type, String id, byte[] payload) throws IOException {
        return append(encode(type, id, payload));
    }

    /** Appends whole encoded records in one write; returns the position of the first. */
    private long append(byte[] record) throws IOException {
        lock.lock();
        try {
            if (broken != null) {
                throw new IOException(file + " is unusable after a failed write: " + broken.getMessage(), broken);
            }
            long at = end;
            ByteBuffer buf = ByteBuffer.wrap(record);
            long pos = at;
            try {
                while (buf.hasRemaining()) {
                    pos += channel.write(buf, pos);
                }
            } catch (IOException e) {
                try {
                    channel.truncate(at);
                } catch (IOException alsoFailed) {
                    broken = e;
                    e.addSuppressed(alsoFailed);
                }
                throw e;
            }
            end = pos;
            return at;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records appended in large writes (compaction writes one per entry of the spool): positions
     * are known at once, the bytes are on their way once {@link #close()} returns. Single-threaded.
     */
    final class Batch implements AutoCloseable {
        private static final int LIMIT = 1 << 20;
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream(LIMIT + 4096);

        long add(String type, String id, byte[] payload) throws IOException {
            byte[] record = encode(type, id, payload);
            long at = end + pending.size();
            pending.writeBytes(record);
            if (pending.size() >= LIMIT) {
                write();
            }
            return at;
        }

        private void write() throws IOException {
            if (pending.size() > 0) {
                append(pending.toByteArray());
                pending.reset();
            }
        }

        @Override
        public void close() throws IOException {
            write();
        }
    }

    Batch batch() {
        return new Batch();
    }

    /** Reads the record whose header starts at {@code position} (as {@link #append} returned it). */
    Record read(long position) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(1024);
        readFully(head, position);
        byte[] bytes = head.array();
        int limit = head.position();
        int nl = indexOf(bytes, (byte) '\n', limit);
        if (nl < 0) {
            throw new IOException(file + ": no record header at " + position);
        }
        Header h = Header.parse(bytes, nl);
        byte[] payload = new byte[h.length];
        int inHead = Math.min(h.length, limit - nl - 1);
        System.arraycopy(bytes, nl + 1, payload, 0, Math.max(0, inHead));
        if (inHead < h.length) {
            ByteBuffer rest = ByteBuffer.wrap(payload, inHead, h.length - inHead);
            readFully(rest, position + nl + 1 + inHead);
            if (rest.hasRemaining()) {
                throw new IOException(file + ": record at " + position + " is cut short");
            }
        }
        if (h.crc != crc(h.type, h.id, payload)) {
            throw new IOException(file + ": record at " + position + " fails its checksum");
        }
        return new Record(h.type, h.id, payload, position);
    }

    private void readFully(ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, pos);
            if (n < 0) {
                return;
            }
            pos += n;
        }
    }

    /** Makes every record appended so far durable. */
    void force() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** What {@link #replay} found. */
    interface Reader {
        void record(Record r) throws IOException;
    }

    /**
     * Reads every whole record of {@code file} in order; stops at the first torn or damaged one
     * and returns how many bytes it left unread there (0 when the file ended cleanly).
     */
    static long replay(Path file, Reader reader) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
             InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 64 * 1024)) {
            long size = ch.size();
            long pos = 0;
            byte[] line = new byte[MAX_HEADER];
            while (pos < size) {
                int n = readLine(in, line);
                Header h;
                byte[] payload;
                try {
                    h = n < 0 ? null : Header.parse(line, n);
                    payload = h == null ? null : in.readNBytes(h.length);
                } catch (IllegalArgumentException e) {
                    h = null;
                    payload = null;
                }
                if (h == null || payload.length != h.length || in.read() != '\n'
                        || h.crc != crc(h.type, h.id, payload)) {
                    return size - pos;
                }
                reader.record(new Record(h.type, h.id, payload, pos));
                pos += n + 1 + h.length + 1;
            }
            return 0;
        }
    }

    /** Reads up to a newline into {@code line}; returns the length without it, or -1 if none fits. */
    private static int readLine(InputStream in, byte[] line) throws IOException {
        for (int i = 0; i < line.length; i++) {
            int b = in.read();
            if (b < 0) {
                return -1;
            }
            if (b == '\n') {
                return i;
            }
            line[i] = (byte) b;
        }
        return -1;
    }

    private static int indexOf(byte[] b, byte v, int limit) {
        for (int i = 0; i < limit && i < MAX_HEADER; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    static byte[] encode(String type, String id, byte[] payload) {
        String header = "P1 " + type + " " + id + " " + payload.length + " "
                + Long.toHexString(crc(type, id, payload)) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream(header.length() + payload.length + 1);
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(payload);
        out.write('\n');
        return out.toByteArray();
    }

    private static long crc(String type, String id, byte[] payload) {
        CRC32C c = new CRC32C();
        c.update(type.getBytes(StandardCharsets.US_ASCII));
        c.update(' ');
        c.update(id.getBytes(StandardCharsets.US_ASCII));
        c.update(' ');
        c.update(payload);
        return c.getValue();
    }

    private record Header(String type, String id, int length, long crc) {
        static Header parse(byte[] line, int n) {
            for (int i = 0; i < MAGIC.length; i++) {
                if (i >= n || line[i] != MAGIC[i]) {
                    throw new IllegalArgumentException("not a record header");
                }
            }
            String[] f = new String(line, MAGIC.length, n - MAGIC.length, StandardCharsets.US_ASCII).split(" ");
            if (f.length != 4) {
                throw new IllegalArgumentException("not a record header");
            }
            int length = Integer.parseInt(f[2]);
            if (length < 0) {
                throw new IllegalArgumentException("negative length");
            }
            return new Header(f[0], f[1], length, Long.parseLong(f[3], 16));
        }
    }
}
