package dev.pigeon.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pigeon.client.SendResult.Outcome;
import dev.pigeon.message.MessageSource;
import dev.pigeon.server.ReceivedMessage;
import dev.pigeon.server.ServerLimits;
import dev.pigeon.server.SmtpServer;
import dev.pigeon.testing.GeneratedContent;
import dev.pigeon.transport.Timeouts;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One GiB through the whole stack in a JVM capped at 64 MiB of heap (its own Failsafe execution in
 * pigeon-core/pom.xml): generated on the fly, normalised and dot-stuffed by the client, unstuffed
 * and stored by the embedded server, and compared by SHA-256. Client and server share the heap, so
 * the figure printed covers both.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OneGibStreamingIT {
    private static final long SIZE = 1L << 30;
    private static final long HEAP_CAP = 64L << 20;

    @TempDir
    Path maildir;

    @Test
    void oneGibStreamsInConstantMemoryAndArrivesIntact() throws Exception {
        assumeTrue(System.getProperty("pigeon.heapCapped") != null,
                "runs only in the heap-capped Failsafe execution (one-gib-streaming)");
        assertThat(Runtime.getRuntime().maxMemory()).as("the -Xmx64m cap is in force").isLessThanOrEqualTo(HEAP_CAP);
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);

        ServerLimits limits = ServerLimits.defaults().withMaxMessageSize(2 * SIZE);
        try (SmtpServer server = SmtpServer.builder().hostname("sink.test").limits(limits).maildir(maildir)
                .build().start()) {
            SmtpClient client = SmtpClient.builder().helo("client.test")
                    .timeouts(Timeouts.uniform(Duration.ofSeconds(60))).build();
            GeneratedContent content = new GeneratedContent(SIZE);

            long start = System.nanoTime();
            SendResult result = client.send("127.0.0.1", server.port(), Envelope.of("big@client.test", "sink@sink.test"),
                    MessageSource.ofStream(content));
            double sendSeconds = (System.nanoTime() - start) / 1e9;

            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(content.produced()).isEqualTo(SIZE);
            ReceivedMessage message = server.inbox().awaitMessage(Duration.ofSeconds(60));

            long hashStart = System.nanoTime();
            String arrived = sha256(message);
            double hashSeconds = (System.nanoTime() - hashStart) / 1e9;
            String sent = HexFormat.of().formatHex(content.normalisedSha256());
            long peak = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();

            System.out.printf("OneGibStreamingIT: %,d bytes sent (%,d on the wire) in %.2f s (%.0f MiB/s); "
                            + "stored file hashed in %.2f s; peak heap (sum of pool peaks) %.1f MiB of %d MiB max; GC: %s%n",
                    SIZE, result.contentBytes(), sendSeconds, SIZE / sendSeconds / (1 << 20), hashSeconds,
                    peak / (double) (1 << 20), Runtime.getRuntime().maxMemory() >> 20, gcSummary());
            assertThat(arrived).as("SHA-256 of the stored content vs. the sent content with CRLF").isEqualTo(sent);
            assertThat(peak).isLessThan(HEAP_CAP);
        }
    }

    private static String sha256(ReceivedMessage message) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = message.openContent()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                digest.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String gcSummary() {
        StringBuilder sb = new StringBuilder();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sb.append(gc.getName()).append(' ').append(gc.getCollectionCount()).append("x/")
                    .append(gc.getCollectionTime()).append(" ms; ");
        }
        return sb.toString();
    }
}
