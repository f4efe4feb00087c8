package dev.pigeon.outbox;

import java.nio.file.Path;

/**
 * The outbox in its own JVM, for {@link CrashResumeIT} to kill: {@code CrashChild SPOOL PORT}
 * delivers the spool to 127.0.0.1:PORT with fsync on, four connections.
 */
public final class CrashChild {
    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        Path spool = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        try (Outbox outbox = OutboxFixtures.outbox(spool, port).sync(true).connections(4).maxPerConnection(20).build()) {
            System.out.println("running");
            System.out.flush();
            outbox.run(OutboxListener.NONE);
        }
    }
}
