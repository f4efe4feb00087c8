package dev.pigeon.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path dir;

    @Test
    void recordsAreReadBackByPositionAndInOrder() throws IOException {
        Path file = dir.resolve("00000001.log");
        long first;
        long second;
        byte[] big = "x\n".repeat(3000).getBytes(StandardCharsets.US_ASCII);
        try (Journal j = Journal.create(file)) {
            first = j.append("queue", "abc", "one\ntwo\n".getBytes(StandardCharsets.UTF_8));
            second = j.append("sent", "abc", big);
            j.append("active", "def", new byte[0]);
            assertThat(j.read(first).payload()).asString(StandardCharsets.UTF_8).isEqualTo("one\ntwo\n");
            assertThat(j.read(second).payload()).isEqualTo(big);
        }
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).startsWith("P1 queue abc 8 ");
        List<String> seen = new ArrayList<>();
        assertThat(Journal.replay(file, r -> seen.add(r.type() + " " + r.id() + " " + r.payload().length + " " + r.position())))
                .isZero();
        assertThat(seen).containsExactly("queue abc 8 " + first, "sent abc " + big.length + " " + second,
                "active def 0 " + (second + Journal.encode("sent", "abc", big).length));
    }

    @Test
    void replayStopsAtATornRecordAndSaysHowMuchItLeft() throws IOException {
        Path file = dir.resolve("00000001.log");
        try (Journal j = Journal.create(file)) {
            j.append("queue", "abc", "one\n".getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = Files.readAllBytes(file);
        byte[] next = Journal.encode("queue", "def", "two\n".getBytes(StandardCharsets.UTF_8));
        for (int cut = 1; cut < next.length; cut++) {
            byte[] torn = new byte[whole.length + cut];
            System.arraycopy(whole, 0, torn, 0, whole.length);
            System.arraycopy(next, 0, torn, whole.length, cut);
            Files.write(file, torn);
            List<String> ids = new ArrayList<>();
            assertThat(Journal.replay(file, r -> ids.add(r.id()))).as("cut at %d", cut).isEqualTo(cut);
            assertThat(ids).containsExactly("abc");
        }
    }

    @Test
    void readingADamagedRecordFails() throws IOException {
        Path file = dir.resolve("00000001.log");
        try (Journal j = Journal.create(file)) {
            long at = j.append("queue", "abc", "payload".getBytes(StandardCharsets.UTF_8));
            Files.writeString(file, Files.readString(file).replace("payload", "paylOad"));
            assertThatThrownBy(() -> j.read(at)).isInstanceOf(IOException.class).hasMessageContaining("checksum");
        }
    }

    /** A write that fails part way is cut back off: the records before and after it replay whole. */
    @Test
    void aWriteThatFailsPartWayLeavesNoTornRecordBehind() throws IOException {
        Path file = dir.resolve("00000001.log");
        FailingChannel[] channel = new FailingChannel[1];
        try (Journal j = Journal.create(file, (f, options) -> channel[0] = new FailingChannel(FileChannel.open(f, options)))) {
            j.append("queue", "one", "first\n".getBytes(StandardCharsets.UTF_8));
            channel[0].failAfter = 500; // the disk fills 500 bytes into the next record
            assertThatThrownBy(() -> j.append("queue", "two", new byte[1000]))
                    .isInstanceOf(IOException.class).hasMessageContaining("No space");
            channel[0].failAfter = -1; // space again
            j.append("queue", "three", "third\n".getBytes(StandardCharsets.UTF_8));
        }
        List<String> ids = new ArrayList<>();
        assertThat(Journal.replay(file, r -> ids.add(r.id()))).isZero();
        assertThat(ids).containsExactly("one", "three");
    }

    @Test
    void aJournalWhoseFailedWriteCannotBeCutOffTakesNoMoreRecords() throws IOException {
        Path file = dir.resolve("00000001.log");
        FailingChannel[] channel = new FailingChannel[1];
        try (Journal j = Journal.create(file, (f, options) -> channel[0] = new FailingChannel(FileChannel.open(f, options)))) {
            channel[0].failAfter = 5;
            channel[0].truncateFails = true;
            assertThatThrownBy(() -> j.append("queue", "one", new byte[3])).isInstanceOf(IOException.class);
            channel[0].failAfter = -1;
            assertThatThrownBy(() -> j.append("queue", "two", new byte[3])).isInstanceOf(IOException.class)
                    .hasMessageContaining("unusable after a failed write");
        }
    }

    /** Delegates to a real channel; positional writes fail once {@code failAfter} more bytes went. */
    private static final class FailingChannel extends FileChannel {
        private final FileChannel real;
        int failAfter = -1;
        boolean truncateFails;

        FailingChannel(FileChannel real) {
            this.real = real;
        }

        @Override
        public int write(java.nio.ByteBuffer src, long position) throws IOException {
            if (failAfter < 0) {
                return real.write(src, position);
            }
            if (failAfter == 0) {
                throw new IOException("No space left on device");
            }
            java.nio.ByteBuffer part = src.duplicate();
            part.limit(part.position() + Math.min(failAfter, part.remaining()));
            int n = real.write(part, position);
            src.position(src.position() + n);
            failAfter -= n;
            return n;
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            if (truncateFails) {
                throw new IOException("truncate failed too");
            }
            real.truncate(size);
            return this;
        }

        @Override
        public int read(java.nio.ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(java.nio.ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public int write(java.nio.ByteBuffer src) throws IOException {
            return real.write(src);
        }

        @Override
        public long write(java.nio.ByteBuffer[] srcs, int offset, int length) throws IOException {
            return real.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public void force(boolean metaData) throws IOException {
            real.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, java.nio.channels.WritableByteChannel target)
                throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(java.nio.channels.ReadableByteChannel src, long position, long count)
                throws IOException {
            return real.transferFrom(src, position, count);
        }

        @Override
        public int read(java.nio.ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public java.nio.MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return real.map(mode, position, size);
        }

        @Override
        public java.nio.channels.FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public java.nio.channels.FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
