package dev.pigeon.message;

import static dev.pigeon.message.MimeFixtures.builder;
import static dev.pigeon.message.MimeFixtures.part;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.SharedFileInputStream;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 100 MB attachment is streamed: writing it allocates a bounded amount, and every byte survives. */
class LargeAttachmentTest {
    private static final long SIZE = 100L * 1024 * 1024 + 17;
    /** Far below the ~137 MB written: the two streaming buffers and small change. */
    private static final long ALLOCATION_LIMIT = 4L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void a100MegabyteAttachmentComposesInConstantMemoryWithAnExactSize() throws Exception {
        Path big = MimeFixtures.randomFile(dir, "big.bin", SIZE, 100);
        Message message = builder().text("a big one").attach(big).build();

        MimeFixtures.CountingOutputStream counter = new MimeFixtures.CountingOutputStream();
        long before = allocatedByThisThread();
        assertThat(before).as("this JVM measures per-thread allocation").isPositive();
        message.writeTo(counter);
        long allocated = allocatedByThisThread() - before;

        assertThat(counter.count).isGreaterThan(SIZE * 4 / 3).isEqualTo(message.size().getAsLong());
        assertThat(allocated).as("bytes allocated while writing %d bytes", counter.count).isLessThan(ALLOCATION_LIMIT);

        Path eml = dir.resolve("big.eml");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(eml))) {
            message.writeTo(out);
        }
        assertThat(Files.size(eml)).isEqualTo(message.size().getAsLong());
        try (SharedFileInputStream in = new SharedFileInputStream(eml.toFile())) {
            MimeMessage parsed = new MimeMessage(Session.getInstance(new Properties()), in);
            MimeBodyPart attachment = (MimeBodyPart) part(parsed, 1);
            assertThat(attachment.getFileName()).isEqualTo("big.bin");
            assertThat(MimeFixtures.sha256(attachment.getInputStream())).isEqualTo(MimeFixtures.sha256(big));
        }
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
