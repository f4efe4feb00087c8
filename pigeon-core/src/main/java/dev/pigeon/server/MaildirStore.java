package dev.pigeon.server;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * A Maildir (cur/, new/, tmp/) that messages are written into atomically: each one is streamed to
 * {@code tmp/}, fsynced, then renamed into {@code new/}, so a reader never sees half a message
 * and a failed transfer leaves nothing behind. Files are named {@code <epochmillis>.<uuid>.<host>}.
 *
 * <p>Line endings are stored as they came, CRLF: the file is byte for byte the trace headers
 * plus what the client sent (Dovecot and mutt read CRLF Maildirs).
 */
public final class MaildirStore {
    private final Path root;
    private final Path tmp;
    private final Path fresh;
    private final String hostname;
    private final boolean sync;

    private MaildirStore(Path root, String hostname, boolean sync) {
        this.root = root;
        this.tmp = root.resolve("tmp");
        this.fresh = root.resolve("new");
        this.hostname = hostname;
        this.sync = sync;
    }

    /** Opens the Maildir at {@code root}, creating it and its three folders when missing. */
    public static MaildirStore open(Path root, String hostname) throws IOException {
        return open(root, hostname, true);
    }

    /**
     * Like {@link #open(Path, String)}; with {@code sync} off nothing is fsynced (a message is
     * still written to tmp/ and renamed into new/ whole, but a power cut may lose it): for load
     * tests, where two fsyncs per message would measure the disk, not the server.
     */
    public static MaildirStore open(Path root, String hostname, boolean sync) throws IOException {
        MaildirStore store = new MaildirStore(root.toAbsolutePath(), safeHostname(hostname), sync);
        for (String sub : new String[] {"tmp", "new", "cur"}) {
            Files.createDirectories(store.root.resolve(sub));
        }
        return store;
    }

    public Path root() {
        return root;
    }

    /** The {@code new/} folder, where committed messages appear. */
    public Path newFolder() {
        return fresh;
    }

    /** Starts a message in {@code tmp/}; the caller writes it, then commits or closes (aborts) it. */
    public Delivery begin() throws IOException {
        String name = System.currentTimeMillis() + "." + UUID.randomUUID().toString().replace("-", "") + "." + hostname;
        return new Delivery(name);
    }

    /** One message being written. Closing without {@link #commit()} deletes the temporary file. */
    public final class Delivery implements AutoCloseable {
        private final String name;
        private final Path tmpFile;
        private final FileChannel channel;
        private final OutputStream out;
        private boolean done;

        private Delivery(String name) throws IOException {
            this.name = name;
            this.tmpFile = tmp.resolve(name);
            this.channel = FileChannel.open(tmpFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
        }

        /** The unique file name, the same in tmp/ and new/. */
        public String name() {
            return name;
        }

        public Path tmpFile() {
            return tmpFile;
        }

        /** Where the bytes go. Do not close it; {@link #commit()} or {@link #close()} does. */
        public OutputStream out() {
            return out;
        }

        /** Flushes, fsyncs, closes and renames the file into {@code new/}; returns its path there. */
        public Path commit() throws IOException {
            if (done) {
                throw new IllegalStateException("delivery already finished");
            }
            out.flush();
            if (sync) {
                channel.force(true);
            }
            channel.close();
            Path target = fresh.resolve(name);
            try {
                Files.move(tmpFile, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                Files.deleteIfExists(tmpFile);
                done = true;
                throw e;
            }
            done = true;
            if (sync) {
                syncDirectory(fresh);
            }
            return target;
        }

        /** Aborts an uncommitted delivery: closes and deletes the temporary file. */
        @Override
        public void close() throws IOException {
            if (done) {
                return;
            }
            done = true;
            try {
                channel.close();
            } finally {
                Files.deleteIfExists(tmpFile);
            }
        }
    }

    /** Makes the rename durable where the platform lets a directory be opened (Linux does). */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the file itself is already on disk
        }
    }

    /** Maildir names must not hold '/' or ':'; the Maildir spec escapes them as octal. */
    private static String safeHostname(String hostname) {
        String h = hostname.isBlank() ? "localhost" : hostname;
        return h.replace("/", "\\057").replace(":", "\\072");
    }
}
