package dev.pigeon.outbox;

import dev.pigeon.message.MessageSource;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The spool on disk: message contents appended to data segments ({@link ContentSegments}) and
 * every entry's state changes appended to a journal ({@link Journal}), so spooling and settling a
 * message create, rename and delete no file. (A file per message moved between state directories,
 * as before, made the file system's inode allocation and directory locks the bottleneck of a bulk
 * run: two thirds of its CPU time, measured with perf.)
 *
 * <p>An entry's state is the type of its last journal record: {@code queue}, {@code active} (the
 * sending marker: the final dot may follow), {@code sent}, {@code failed}, {@code deferred} or
 * {@code unknown}; a record with a payload also carries the entry's metadata from then on. Which
 * entries exist, in which state, and where their latest metadata is, is kept in memory.
 *
 * <p>Opening replays the journals, then writes one new journal holding each entry's current state
 * (a compaction; a crash part way leaves the old journals, which say the same), deletes the old
 * ones and every data segment that only delivered entries refer to. A torn record at the end of a
 * journal (a power cut during a write that nothing was waiting on) is where its replay stops.
 *
 * <p>With {@code sync} on, the records that must survive a power cut are forced to disk before the
 * step that depends on them: the sending marker before the final dot, a split-off entry before
 * its parent's outcome, failures and deferrals before they are reported. Forcing is shared: one
 * fsync covers everybody who asked while the previous one ran ({@link GroupSync}); data segments
 * are forced first, so a durable record never points at content that is not. A new entry is not
 * forced (a power cut loses only entries a rerun with the same sources adds again), nor a
 * delivery (a lost one leaves the marker: the entry shows as unknown, never sent twice). A
 * {@code kill -9} loses nothing either way: a write is in the page cache once it returns.
 */
public final class Spool implements Closeable {
    private static final String JOURNALS = "journal";
    private static final String DATA = "data";
    private static final String SUFFIX = ".log";

    /** What is known of an entry without reading its metadata. */
    private record Entry(SpoolState state, long metaAt, String routeDomain, Instant due, long segment) {}

    private final Path root;
    private final boolean sync;
    private final Journal journal;
    private final ContentSegments segments;
    private final Map<String, Entry> index;
    private final GroupSync forcing;
    private final int cleaned;

    private Spool(Path root, boolean sync, Journal journal, ContentSegments segments, Map<String, Entry> index,
            int cleaned) {
        this.root = root;
        this.sync = sync;
        this.journal = journal;
        this.segments = segments;
        this.index = index;
        this.cleaned = cleaned;
        this.forcing = new GroupSync(() -> {
            segments.force();
            journal.force();
        });
    }

    /**
     * Opens (creating as needed) the spool at {@code root}: replays and compacts its journals and
     * drops content nothing refers to. One process may have a spool open at a time.
     */
    public static Spool open(Path root, boolean sync) throws IOException {
        refuseOldLayout(root);
        Path journals = root.resolve(JOURNALS);
        Files.createDirectories(journals);
        NavigableMap<Long, Path> old = NumberedFiles.list(journals, SUFFIX);
        Replay replay = new Replay();
        try {
            for (Path file : old.values()) {
                replay.read(file);
            }
        } catch (IOException | RuntimeException e) {
            replay.close();
            throw e;
        }
        long next = old.isEmpty() ? 1 : old.lastKey() + 1;
        Map<String, Entry> index = new ConcurrentHashMap<>();
        int cleaned = replay.torn;
        ContentSegments segments = null;
        Journal journal = null;
        try {
            segments = ContentSegments.open(root.resolve(DATA), sync);
            journal = Journal.create(NumberedFiles.path(journals, next, SUFFIX));
            cleaned += replay.compactInto(journal, segments, index);
            journal.force();
            GroupSync.forceDirectory(journals);
            for (Path file : old.values()) {
                Files.delete(file);
            }
            cleaned += segments.retainOnly(liveSegments(index));
        } catch (IOException | RuntimeException e) {
            if (journal != null) {
                journal.close();
            }
            if (segments != null) {
                segments.close();
            }
            throw e;
        } finally {
            replay.close();
        }
        return new Spool(root, sync, journal, segments, index, cleaned);
    }

    /**
     * A spool written by an earlier pigeon kept a file per message in state directories; this one
     * would not see those messages, and would leave them unsent without a word.
     */
    private static void refuseOldLayout(Path root) throws IOException {
        for (String dir : new String[] {"queue", "active", "deferred"}) {
            Path old = root.resolve(dir);
            if (Files.isDirectory(old)) {
                try (var files = Files.list(old)) {
                    if (files.anyMatch(f -> f.getFileName().toString().endsWith(".meta")
                            || f.getFileName().toString().endsWith(".sending"))) {
                        throw new IOException("the spool " + root + " holds unsent messages in " + old
                                + " (a file per message, written by an earlier pigeon); finish it with that"
                                + " version, or enqueue its sources again into a new spool");
                    }
                }
            }
        }
    }

    /** The journals' records, replayed: for each id its last state and the record with its latest metadata. */
    private static final class Replay implements Closeable {
        private record Seen(SpoolState state, Journal source, long metaAt) {}

        private final Map<String, Seen> seen = new HashMap<>();
        private final List<Journal> open = new ArrayList<>();
        int torn;

        void read(Path file) throws IOException {
            Journal source = Journal.openForReading(file);
            open.add(source);
            long left = Journal.replay(file, r -> {
                SpoolState state;
                try {
                    state = SpoolState.ofLabel(r.type());
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + ": a record of unknown type '" + r.type()
                            + "' (written by a later pigeon?); nothing was changed");
                }
                Seen before = seen.get(r.id());
                if (r.payload().length > 0) {
                    seen.put(r.id(), new Seen(state, source, r.position()));
                } else if (before != null) {
                    seen.put(r.id(), new Seen(state, before.source(), before.metaAt()));
                }
            });
            if (left > 0) {
                torn++;
            }
        }

        /** Writes every entry's state into {@code journal}; returns how many were dropped as incomplete. */
        int compactInto(Journal journal, ContentSegments segments, Map<String, Entry> index) throws IOException {
            int dropped = 0;
            try (Journal.Batch batch = journal.batch()) {
                for (var e : seen.entrySet()) {
                    Seen s = e.getValue();
                    byte[] payload = s.source().read(s.metaAt()).payload();
                    if (s.state() == SpoolState.SENT) {
                        // Delivered: kept only to recognise a rerun's duplicates, so copied as it is,
                        // not parsed (a long-lived spool holds mostly these).
                        long at = batch.add(s.state().label(), e.getKey(), payload);
                        index.put(e.getKey(), new Entry(SpoolState.SENT, at, "", null, -1));
                        continue;
                    }
                    EntryMeta meta = parse(e.getKey(), payload);
                    if (!s.state().terminal() && !segments.holds(meta.content(), meta.size())) {
                        dropped++; // content lost to a power cut during enqueue: a rerun adds it again
                        continue;
                    }
                    long at = batch.add(s.state().label(), e.getKey(), payload);
                    index.put(e.getKey(), entry(s.state(), at, meta));
                }
            }
            return dropped;
        }

        private static EntryMeta parse(String id, byte[] payload) throws IOException {
            try {
                return EntryMeta.parse(payload);
            } catch (IllegalArgumentException | java.time.DateTimeException bad) {
                throw new IOException("entry " + id + ": unreadable metadata in the journal (" + bad.getMessage() + ")",
                        bad);
            }
        }

        @Override
        public void close() throws IOException {
            for (Journal j : open) {
                j.close();
            }
        }
    }

    private static Entry entry(SpoolState state, long metaAt, EntryMeta meta) {
        Instant due = state == SpoolState.DEFERRED ? meta.nextAttempt().orElse(meta.created()) : meta.created();
        return new Entry(state, metaAt, meta.routeDomain(), due, meta.content().segment());
    }

    private static Set<Long> liveSegments(Map<String, Entry> index) {
        Set<Long> live = new HashSet<>();
        for (Entry e : index.values()) {
            if (e.state() != SpoolState.SENT) {
                live.add(e.segment());
            }
        }
        return live;
    }

    public Path root() {
        return root;
    }

    /** Incomplete entries and old files dropped when the spool was opened. */
    int cleanedAtOpen() {
        return cleaned;
    }

    /** Appends a new message's content; its entries are added with {@link #addNew}. */
    ContentRef appendContent(ContentSegments.Writer content) throws IOException {
        return segments.append(content);
    }

    /** The spooled content of {@code meta}'s entry. */
    MessageSource content(EntryMeta meta) {
        return segments.source(meta.content(), meta.size());
    }

    /** Records a new entry, in {@code queue}. Not forced: see the class documentation. */
    void addNew(EntryMeta meta) throws IOException {
        put(SpoolState.QUEUE, meta);
    }

    /**
     * The sending marker, recorded (and forced, with {@code sync} on) after the content and before
     * the final dot. Found at start-up, it means the dot may have been sent.
     */
    void markSending(String id) throws IOException {
        Entry e = entry(id);
        journal.append(SpoolState.ACTIVE.label(), id, new byte[0]);
        index.put(id, new Entry(SpoolState.ACTIVE, e.metaAt(), e.routeDomain(), e.due(), e.segment()));
        force();
    }

    /** A whole delivery: the entry keeps the metadata it was sent with (the report has the reply). */
    void recordSent(String id) throws IOException {
        Entry e = entry(id);
        journal.append(SpoolState.SENT.label(), id, new byte[0]);
        index.put(id, new Entry(SpoolState.SENT, e.metaAt(), e.routeDomain(), e.due(), e.segment()));
    }

    /**
     * Records an entry's new state and metadata: an outcome, a split-off entry, a recovered one.
     * Everything but a delivery is forced (with {@code sync} on) before this returns.
     */
    void record(SpoolState state, EntryMeta meta) throws IOException {
        put(state, meta);
        if (state != SpoolState.SENT) {
            force();
        }
    }

    private void put(SpoolState state, EntryMeta meta) throws IOException {
        long at = journal.append(state.label(), meta.id(), meta.toBytes());
        index.put(meta.id(), entry(state, at, meta));
    }

    /** The entry's latest metadata; empty when there is no such entry. */
    Optional<EntryMeta> read(String id) throws IOException {
        Entry e = index.get(id);
        return e == null ? Optional.empty() : Optional.of(meta(e));
    }

    private EntryMeta meta(Entry e) throws IOException {
        return EntryMeta.parse(journal.read(e.metaAt()).payload());
    }

    private Entry entry(String id) throws IOException {
        Entry e = index.get(id);
        if (e == null) {
            throw new IOException("no spool entry " + id);
        }
        return e;
    }

    /** Where entry {@code id} is, if anywhere. */
    public Optional<SpoolState> find(String id) {
        Entry e = index.get(id);
        return e == null ? Optional.empty() : Optional.of(e.state());
    }

    /** The entries waiting for an attempt (queued or deferred), keyed by {@code router}, and when they are due. */
    List<Pending> pending(Router router) {
        List<Pending> out = new ArrayList<>();
        index.forEach((id, e) -> {
            if (e.state() == SpoolState.QUEUE || e.state() == SpoolState.DEFERRED) {
                out.add(new Pending(id, router.routeKey(e.routeDomain()), e.due()));
            }
        });
        return out;
    }

    /** Entries per state. */
    public Map<SpoolState, Integer> counts() {
        Map<SpoolState, Integer> out = new EnumMap<>(SpoolState.class);
        for (SpoolState s : SpoolState.values()) {
            out.put(s, 0);
        }
        for (Entry e : index.values()) {
            out.merge(e.state(), 1, Integer::sum);
        }
        return out;
    }

    /** The metadata of every entry in {@code state}. */
    public List<EntryMeta> entries(SpoolState state) {
        List<EntryMeta> out = new ArrayList<>();
        try {
            for (Entry e : index.values()) {
                if (e.state() == state) {
                    out.add(meta(e));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Makes everything recorded so far durable (with {@code sync} on). */
    void syncAll() throws IOException {
        force();
    }

    private void force() throws IOException {
        if (sync) {
            forcing.await();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            segments.retainOnly(liveSegments(index));
        } finally {
            try {
                journal.close();
            } finally {
                segments.close();
            }
        }
    }
}
