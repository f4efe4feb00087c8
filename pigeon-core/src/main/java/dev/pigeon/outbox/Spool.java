package dev.pigeon.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The spool on disk. Message content lives in {@code data/<id>.eml} and never moves; the entry's
 * state is where its metadata file {@code <id>.meta} is: one directory per {@link SpoolState}, a
 * move being one atomic rename. {@code active/<id>.sending} is the same file renamed just before
 * the content goes out: the marker of the RFC 1047 window (see the package documentation).
 *
 * <p>Files are written to {@code tmp/}, synced and renamed into place, except a new entry's
 * metadata, written in place and recognised as whole by its last line (see {@link EntryMeta}).
 * With {@code sync} on, the directories whose renames matter across a power cut are synced too,
 * one fsync shared by every connection that asked meanwhile ({@link GroupSync}). A {@code kill -9}
 * loses nothing either way: a rename is visible as soon as it returns.
 *
 * <p>One process uses a spool at a time, so which entries exist and where is also kept in memory
 * (built from the directories at start-up): looking an id up costs no system call.
 */
public final class Spool {
    static final String META = ".meta";
    static final String SENDING = ".sending";
    private static final String DATA = "data";
    private static final String TMP = "tmp";

    private final Path root;
    private final boolean sync;
    private final AtomicLong tempCounter = new AtomicLong();
    /** Where each entry is (its highest-ranked state); kept in step with the files by this class. */
    private final Map<String, SpoolState> index = new ConcurrentHashMap<>();
    private final Map<Path, GroupSync> directorySyncs = new ConcurrentHashMap<>();

    private Spool(Path root, boolean sync) {
        this.root = root;
        this.sync = sync;
    }

    /** Opens (creating as needed) the spool at {@code root}. */
    public static Spool open(Path root, boolean sync) throws IOException {
        for (SpoolState s : SpoolState.values()) {
            Files.createDirectories(root.resolve(s.directory()));
        }
        Files.createDirectories(root.resolve(DATA));
        Files.createDirectories(root.resolve(TMP));
        Spool spool = new Spool(root, sync);
        spool.reindex();
        return spool;
    }

    /** Rebuilds the in-memory index from the directories (after recovery moved files about). */
    void reindex() throws IOException {
        index.clear();
        for (SpoolState s : SpoolState.values()) {
            for (Path file : files(s)) {
                index.merge(idOf(file), s, (a, b) -> a.rank() >= b.rank() ? a : b);
            }
        }
    }

    /** Whether files and directories are fsync'd where a power cut matters. */
    boolean syncs() {
        return sync;
    }

    public Path root() {
        return root;
    }

    public Path directory(SpoolState state) {
        return root.resolve(state.directory());
    }

    /** The content of entry {@code id}. */
    public Path data(String id) {
        return root.resolve(DATA).resolve(id + ".eml");
    }

    Path meta(SpoolState state, String id) {
        return directory(state).resolve(id + META);
    }

    Path sendingMarker(String id) {
        return directory(SpoolState.ACTIVE).resolve(id + SENDING);
    }

    /** A fresh name in {@code tmp/}, on the spool's file system so a rename out of it is atomic. */
    Path newTemp(String hint) {
        return root.resolve(TMP).resolve(hint + "." + ProcessHandle.current().pid() + "."
                + tempCounter.incrementAndGet() + ".tmp");
    }

    /** How much of a write must survive a power cut before the call returns (with {@code sync} on). */
    enum Durability {
        /** Nothing synced: a power cut may undo it (a crash cannot). */
        NONE,
        /** The file's bytes synced; its name is synced later, with its directory. */
        FILE,
        /** The file and its directory entry synced. */
        FILE_AND_DIRECTORY
    }

    /** Writes the metadata into {@code state}'s directory (replacing any file of that name) by temp + rename. */
    void writeMeta(SpoolState state, EntryMeta meta) throws IOException {
        writeMeta(state, meta, Durability.FILE_AND_DIRECTORY);
    }

    void writeMeta(SpoolState state, EntryMeta meta, Durability durability) throws IOException {
        Path temp = newTemp(meta.id());
        write(temp, meta.toBytes(), durability != Durability.NONE);
        Files.move(temp, meta(state, meta.id()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (durability == Durability.FILE_AND_DIRECTORY) {
            syncDirectory(state);
        }
    }

    /**
     * A new entry's metadata, written in place in {@code queue/} (no temp file, no rename, no
     * fsync): a write cut short leaves a file without its last line, which recovery deletes; a
     * power cut may lose it, and a rerun with the same sources adds it again.
     */
    void writeNewMeta(EntryMeta meta) throws IOException {
        write(meta(SpoolState.QUEUE, meta.id()), meta.toBytes(), false, StandardOpenOption.TRUNCATE_EXISTING);
        index.put(meta.id(), SpoolState.QUEUE);
    }
    /** Moves content written to a temp file into {@code data/} under {@code id}. */
    void adoptContent(Path temp, String id) throws IOException {
        Files.move(temp, data(id), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Gives {@code childId} the same content as {@code parentId}: a hard link where possible. */
    void shareContent(String parentId, String childId) throws IOException {
        Path child = data(childId);
        try {
            Files.createLink(child, data(parentId));
        } catch (FileAlreadyExistsException e) {
            // a split retried after a crash: the content is already there
        } catch (UnsupportedOperationException | IOException e) {
            Path temp = newTemp(childId);
            Files.copy(data(parentId), temp);
            adoptContent(temp, childId);
        }
    }

    /**
     * The marker: {@code from/<id>.meta} (queue/ or deferred/) renamed {@code active/<id>.sending}
     * and synced, after the content and before the final dot. Found at start-up, it means the dot
     * may have been sent. (No rename happens earlier: until this one, a crash leaves the entry
     * where it was, to be sent again safely; one process owns the spool, so nobody else takes it.)
     */
    void markSending(String id, SpoolState from) throws IOException {
        Files.move(meta(from, id), sendingMarker(id), StandardCopyOption.ATOMIC_MOVE);
        index.put(id, SpoolState.ACTIVE);
        syncDirectory(SpoolState.ACTIVE);
        if (from == SpoolState.DEFERRED) {
            // deferred/ outranks active/: its copy must not come back after a power cut. (A queue/
            // copy coming back loses to the marker.)
            syncDirectory(from);
        }
    }

    /**
     * Records the entry's new state, then drops the file it had ({@code current}: the marker, or
     * its queue/ or deferred/ metadata when no content went). {@code sent/} is not synced: should
     * a power cut undo it, the marker left in {@code active/} makes the entry "unknown", never sent
     * twice; every other state is synced. A whole delivery is one rename of the marker: the
     * metadata in {@code sent/} is then the one it was sent with (the report has the reply).
     */
    void settle(EntryMeta meta, SpoolState to, Path current, boolean wholeDelivery) throws IOException {
        Path target = meta(to, meta.id());
        if (to == SpoolState.SENT && wholeDelivery && current.equals(sendingMarker(meta.id()))) {
            Files.move(current, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
            writeMeta(to, meta, to == SpoolState.SENT ? Durability.NONE : Durability.FILE_AND_DIRECTORY);
            if (!current.equals(target)) {
                Files.deleteIfExists(current);
            }
        }
        index.put(meta.id(), to);
        if (to == SpoolState.SENT) {
            Files.deleteIfExists(data(meta.id()));
        }
    }

    /** A split-off or recovered entry's metadata, written (and synced) into {@code state}. */
    void add(SpoolState state, EntryMeta meta) throws IOException {
        writeMeta(state, meta);
        index.merge(meta.id(), state, (a, b) -> a.rank() >= b.rank() ? a : b);
    }

    /** Moves a metadata file between two non-active states (recovery, --resend-unknown). */
    void move(String id, Path from, SpoolState to) throws IOException {
        Files.move(from, meta(to, id), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        index.put(id, to);
        syncDirectory(to);
    }

    EntryMeta read(Path metaFile) throws IOException {
        return EntryMeta.parse(Files.readAllBytes(metaFile));
    }

    /** Where entry {@code id} is, if anywhere (the furthest state, should it show in two). */
    public Optional<SpoolState> find(String id) {
        return Optional.ofNullable(index.get(id));
    }

    /** The metadata files in {@code state}'s directory (markers included for {@link SpoolState#ACTIVE}). */
    List<Path> files(SpoolState state) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory(state))) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (name.endsWith(META) || (state == SpoolState.ACTIVE && name.endsWith(SENDING))) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** Counts the entries in {@code state}. */
    public int count(SpoolState state) {
        try {
            return files(state).size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String idOf(Path metaFile) {
        String name = metaFile.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }

    Path tmpDirectory() {
        return root.resolve(TMP);
    }

    Path dataDirectory() {
        return root.resolve(DATA);
    }

    private void write(Path file, byte[] bytes, boolean force) throws IOException {
        write(file, bytes, force, StandardOpenOption.CREATE_NEW);
    }

    private void write(Path file, byte[] bytes, boolean force, StandardOpenOption create) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, create, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            if (sync && force) {
                ch.force(true);
            }
        }
    }

    /** Makes the names of entries enqueued so far durable: their content and their queue files. */
    void syncEnqueued() throws IOException {
        syncDirectory(dataDirectory());
        syncDirectory(SpoolState.QUEUE);
    }

    void syncDirectory(SpoolState state) throws IOException {
        syncDirectory(directory(state));
    }

    private void syncDirectory(Path dir) throws IOException {
        if (sync) {
            directorySyncs.computeIfAbsent(dir, GroupSync::new).await();
        }
    }
}
