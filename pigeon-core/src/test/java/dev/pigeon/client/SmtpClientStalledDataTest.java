package dev.pigeon.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pigeon.message.MessageSource;
import dev.pigeon.testing.GeneratedContent;
import dev.pigeon.testing.RecordingListener;
import dev.pigeon.testing.ScriptedServer;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server that stops reading in the middle of a large DATA: socket writes have no timeout of
 * their own, so only the write watchdog (the data-block timeout) stands between us and a hang.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SmtpClientStalledDataTest {
    private static final Duration DATA_BLOCK = Duration.ofMillis(500);
    /** Far more than the loopback socket buffers on both sides can absorb. */
    private static final long MESSAGE_SIZE = 64L << 20;

    @Test
    void watchdogFailsTheBlockedWriteWithinTheDataBlockTimeout() {
        try (ScriptedServer server = ScriptedServer.builder().receiveBufferSize(64 * 1024)
                .script(SmtpClientFaultTest.upTo(Stage.DATA).send("354 go").stall().build()).start()) {
            SmtpClient client = ClientFixtures.client(Protocol.ESMTP, new RecordingListener())
                    .timeouts(ClientFixtures.withDataBlock(DATA_BLOCK)).build();
            GeneratedContent content = new GeneratedContent(MESSAGE_SIZE);

            long start = System.nanoTime();
            SessionException e = catchThrowableOfType(SessionException.class, () -> client.send(server.host(),
                    server.port(), ClientFixtures.labEnvelope(), MessageSource.ofStream(content)));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(e).isNotNull();
            assertThat(e.stage()).isEqualTo(Stage.CONTENT);
            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(e.getCause()).isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("500 ms");
            assertThat(content.produced()).as("the write blocked well before the end").isLessThan(MESSAGE_SIZE);
            // filling the buffers takes milliseconds; then one data-block timeout; then slack
            assertThat(elapsed).isLessThan(DATA_BLOCK.plusSeconds(3));
        }
    }
}
