package dev.pigeon.outbox;

import dev.pigeon.message.MessageSource;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The spool's message contents: appended one after another to segment files
 * {@code data/NNNNNNNN.seg}, never rewritten, so spooling a message creates no file of its own. A
 * process only appends to segments it created; a segment no live entry refers to is deleted when
 * the spool is opened or closed ({@link #retainOnly}).
 */
final class ContentSegments implements Closeable {
    /** A segment is closed for appends past this size, so finished ones can be deleted while a run goes on. */
    static final long ROTATE_AT = 256L * 1024 * 1024;
    private static final String SUFFIX = ".seg";

    private final Path directory;
    /** Whether rotation forces the finished segment and the new name (the spool forces the rest). */
    private final boolean sync;
    private final ReentrantLock appending = new ReentrantLock();
    /** The appender's buffer, reused: appends hold {@link #appending}, so one is never shared. */
    private final byte[] appendBuffer = new byte[16 * 1024];
    private final Map<Long, FileChannel> readers = new ConcurrentHashMap<>();
    private long segment;
    private FileChannel writer;

    private ContentSegments(Path directory, long nextSegment, boolean sync) {
        this.directory = directory;
        this.sync = sync;
        this.segment = nextSegment - 1;
    }

    static ContentSegments open(Path directory, boolean sync) throws IOException {
        Files.createDirectories(directory);
        long last = 0;
        for (long s : NumberedFiles.list(directory, SUFFIX).keySet()) {
            last = Math.max(last, s);
        }
        return new ContentSegments(directory, last + 1, sync);
    }

    /** Writes the content given to {@code writer}; the place is known once it returns. */
    interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Appends one message's content. A failure part way (the source unreadable, a full disk) cuts
     * the segment back to where it was.
     */
    ContentRef append(Writer content) throws IOException {
        appending.lock();
        try {
            if (writer == null || writer.size() >= ROTATE_AT) {
                startSegment();
            }
            long start = writer.size();
            try {
                OutputStream out = new ChannelAppender(writer, start, appendBuffer);
                content.writeTo(out);
                out.flush();
            } catch (IOException | RuntimeException e) {
                writer.truncate(start);
                throw e;
            }
            return new ContentRef(segment, start);
        } finally {
            appending.unlock();
        }
    }

    private void startSegment() throws IOException {
        if (writer != null) {
            if (sync) {
                writer.force(false); // force() covers only the current segment from now on
            }
            writer.close();
        }
        segment++;
        writer = FileChannel.open(path(segment), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        if (sync) {
            GroupSync.forceDirectory(directory); // the new segment's name, before anything points into it
        }
    }

    /** The content at {@code ref}, {@code size} bytes long, read from disk each time it is written out. */
    MessageSource source(ContentRef ref, long size) {
        return new Slice(this, ref, size);
    }

    /** Whether the segment holds all {@code size} bytes at {@code ref} (a power cut may have cut it). */
    boolean holds(ContentRef ref, long size) {
        try {
            return Files.size(path(ref.segment())) >= ref.offset() + size;
        } catch (IOException e) {
            return false;
        }
    }

    /** Makes what was appended so far durable. */
    void force() throws IOException {
        appending.lock();
        try {
            if (writer != null) {
                writer.force(false);
            }
        } finally {
            appending.unlock();
        }
    }

    /** Deletes every segment not in {@code live}, except the one being appended to; returns how many went. */
    int retainOnly(Set<Long> live) throws IOException {
        int deleted = 0;
        appending.lock();
        try {
            for (var e : NumberedFiles.list(directory, SUFFIX).entrySet()) {
                long s = e.getKey();
                if (!live.contains(s) && !(writer != null && s == segment)) {
                    FileChannel r = readers.remove(s);
                    if (r != null) {
                        r.close();
                    }
                    Files.deleteIfExists(e.getValue());
                    deleted++;
                }
            }
        } finally {
            appending.unlock();
        }
        return deleted;
    }

    private FileChannel reader(long s) throws IOException {
        FileChannel ch = readers.get(s);
        if (ch != null) {
            return ch;
        }
        synchronized (readers) {
            ch = readers.get(s);
            if (ch == null) {
                ch = FileChannel.open(path(s), StandardOpenOption.READ);
                readers.put(s, ch);
            }
            return ch;
        }
    }

    private Path path(long s) {
        return NumberedFiles.path(directory, s, SUFFIX);
    }

    @Override
    public void close() throws IOException {
        appending.lock();
        try {
            if (writer != null) {
                writer.close();
                writer = null;
            }
            for (FileChannel r : readers.values()) {
                r.close();
            }
            readers.clear();
        } finally {
            appending.unlock();
        }
    }

    /** Writes to the end of a channel, in chunks: never a whole message in memory. */
    private static final class ChannelAppender extends OutputStream {
        private final FileChannel ch;
        private final byte[] buf;
        private int n;
        private long pos;

        ChannelAppender(FileChannel ch, long pos, byte[] buf) {
            this.ch = ch;
            this.pos = pos;
            this.buf = buf;
        }

        @Override
        public void write(int b) throws IOException {
            if (n == buf.length) {
                flush();
            }
            buf[n++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len >= buf.length) {
                flush();
                drain(ByteBuffer.wrap(b, off, len));
                return;
            }
            if (n + len > buf.length) {
                flush();
            }
            System.arraycopy(b, off, buf, n, len);
            n += len;
        }

        @Override
        public void flush() throws IOException {
            drain(ByteBuffer.wrap(buf, 0, n));
            n = 0;
        }

        private void drain(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                pos += ch.write(b, pos);
            }
        }
    }

    /** A message's bytes in a segment, streamed with positional reads (safe from any thread). */
    private record Slice(ContentSegments segments, ContentRef ref, long length) implements MessageSource {
        @Override
        public void writeTo(OutputStream out) throws IOException {
            FileChannel ch = segments.reader(ref.segment());
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(64 * 1024, Math.max(1, length)));
            long pos = ref.offset();
            long left = length;
            while (left > 0) {
                buf.clear().limit((int) Math.min(buf.capacity(), left));
                int n = ch.read(buf, pos);
                if (n < 0) {
                    throw new IOException("spooled content cut short in segment " + ref.segment());
                }
                out.write(buf.array(), 0, n);
                pos += n;
                left -= n;
            }
        }

        @Override
        public java.util.OptionalLong size() {
            return java.util.OptionalLong.of(length);
        }

        @Override
        public EightBit eightBit() {
            return EightBit.UNKNOWN;
        }

        @Override
        public boolean isRepeatable() {
            return true;
        }
    }
}
