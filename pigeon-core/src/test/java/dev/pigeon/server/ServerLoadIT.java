package dev.pigeon.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2,000 idle connections held while four senders deliver 500 messages: every accepted message is
 * stored intact (SHA-256), held connections still answer, new ones are still greeted. About 4,000
 * descriptors (both ends). Correctness only: the figures are printed by {@code scripts/server-load.sh}.
 */
class ServerLoadIT {
    @TempDir
    Path maildir;

    @Test
    void keepsServingUnderTwoThousandIdleConnections() throws Exception {
        ServerLoad.Figures f = ServerLoad.run(maildir, 2000, 4, 500);
        assertThat(f.problems()).isEmpty();
        assertThat(f.idleHeld()).isEqualTo(2000);
        assertThat(f.sent()).isEqualTo(500);
        assertThat(f.stored()).isEqualTo(500);
        assertThat(f.verified()).isEqualTo(500);
    }
}
