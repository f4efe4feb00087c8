package dev.pigeon.bench;

import dev.pigeon.protocol.DotStuffingOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Dot-stuffing one message of {@code size} bytes, written in 8 KiB slices as a message source
 * does. Throughput in bytes follows from ops/s × size. Three shapes of content: CRLF text (the
 * usual case, already canonical), bare-LF text (every line ending rewritten) and text whose every
 * line starts with a dot (every line stuffed).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DotStuffingBenchmark {
    private static final int SLICE = 8192;

    @Param({"1024", "102400"})
    public int size;

    @Param({"crlf", "lf", "dots"})
    public String shape;

    private byte[] content;

    @Setup
    public void makeContent() {
        String line = switch (shape) {
            case "crlf" -> "The quick brown fox jumps over the lazy dog, again and again and again.\r\n";
            case "lf" -> "The quick brown fox jumps over the lazy dog, again and again and again.\n";
            case "dots" -> ".The quick brown fox jumps over the lazy dog, again and again and again\r\n";
            default -> throw new IllegalArgumentException(shape);
        };
        byte[] one = line.getBytes(StandardCharsets.US_ASCII);
        content = new byte[size];
        for (int i = 0; i < size; i++) {
            content[i] = one[i % one.length];
        }
    }

    @Benchmark
    public long stuff(Blackhole sink) throws IOException {
        DotStuffingOutputStream out = new DotStuffingOutputStream(new Discard(sink));
        for (int off = 0; off < content.length; off += SLICE) {
            out.write(content, off, Math.min(SLICE, content.length - off));
        }
        out.finish();
        return out.bytesWritten();
    }

    /** Hands every write to the blackhole, so nothing is copied and nothing is optimised away. */
    private static final class Discard extends OutputStream {
        private final Blackhole sink;

        Discard(Blackhole sink) {
            this.sink = sink;
        }

        @Override
        public void write(int b) {
            sink.consume(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            sink.consume(b);
            sink.consume(len);
        }
    }
}
