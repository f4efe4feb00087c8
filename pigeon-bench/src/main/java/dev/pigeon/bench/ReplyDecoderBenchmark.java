package dev.pigeon.bench;

import dev.pigeon.protocol.Reply;
import dev.pigeon.protocol.ReplyDecoder;
import dev.pigeon.protocol.SmtpProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding what a server sends: the pipelined replies of one message (MAIL, RCPT, DATA arriving in
 * one read, then the final reply), and a typical multiline EHLO reply. One decoder per thread,
 * reused as a connection reuses it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReplyDecoderBenchmark {
    private static final byte[] PIPELINED = ascii("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n");
    private static final byte[] FINAL = ascii("250 2.0.0 Ok: queued as 4XbQ2k1Zz3z9sLm\r\n");
    private static final byte[] EHLO = ascii("""
            250-smtp.example.org Hello client.example [127.0.0.1]\r
            250-PIPELINING\r
            250-SIZE 36700160\r
            250-ETRN\r
            250-STARTTLS\r
            250-AUTH PLAIN LOGIN SCRAM-SHA-256\r
            250-ENHANCEDSTATUSCODES\r
            250-8BITMIME\r
            250-DSN\r
            250-SMTPUTF8\r
            250 CHUNKING\r
            """);

    private final ReplyDecoder decoder = new ReplyDecoder();

    @Benchmark
    public void oneMessage(Blackhole sink) throws SmtpProtocolException {
        decoder.feed(PIPELINED);
        drain(sink);
        decoder.feed(FINAL);
        drain(sink);
    }

    @Benchmark
    public Reply ehlo() throws SmtpProtocolException {
        decoder.feed(EHLO);
        return decoder.poll();
    }

    /** The same EHLO reply, fed one byte at a time: the worst split a socket can give. */
    @Benchmark
    public Reply ehloByteByByte() throws SmtpProtocolException {
        Reply reply = null;
        for (int i = 0; i < EHLO.length; i++) {
            decoder.feed(EHLO, i, 1);
            Reply r = decoder.poll();
            if (r != null) {
                reply = r;
            }
        }
        return reply;
    }

    private void drain(Blackhole sink) throws SmtpProtocolException {
        for (Reply r = decoder.poll(); r != null; r = decoder.poll()) {
            sink.consume(r);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
