package dev.pigeon.bench;

import dev.pigeon.protocol.Command;
import dev.pigeon.protocol.CommandEncoder;
import dev.pigeon.protocol.EsmtpParameter;
import dev.pigeon.protocol.Mailbox;
import java.util.List;
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
 * Building and encoding the commands of one message as bulk sends them (MAIL with SIZE, one
 * RCPT, DATA), and parsing the two addresses from text first, as a source row gives them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CommandEncoderBenchmark {
    private final Mailbox from = Mailbox.parse("newsletter@sender.example");
    private final Mailbox to = Mailbox.parse("reader.number.4711@recipient.example");
    private final String fromText = "newsletter@sender.example";
    private final String toText = "reader.number.4711@recipient.example";

    @Benchmark
    public void encodeMessageCommands(Blackhole sink) {
        sink.consume(CommandEncoder.encode(new Command.Mail(from, List.of(EsmtpParameter.of("SIZE", "1400")))));
        sink.consume(CommandEncoder.encode(new Command.Rcpt(to)));
        sink.consume(CommandEncoder.encode(new Command.Data()));
    }

    @Benchmark
    public void parseAndEncodeMessageCommands(Blackhole sink) {
        Mailbox sender = Mailbox.parse(fromText);
        Mailbox recipient = Mailbox.parse(toText);
        sink.consume(CommandEncoder.encode(new Command.Mail(sender, List.of(EsmtpParameter.of("SIZE", "1400")))));
        sink.consume(CommandEncoder.encode(new Command.Rcpt(recipient)));
        sink.consume(CommandEncoder.encode(new Command.Data()));
    }
}
