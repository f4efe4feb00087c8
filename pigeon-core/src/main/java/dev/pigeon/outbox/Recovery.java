package dev.pigeon.outbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Start-up repair after a crash (or a {@code kill -9}): temp files go; an entry found in two
 * directories keeps the higher-ranked one; an entry still in {@code active/} was in flight:
 * without the sending marker nothing of its content had gone, so it returns to {@code queue/};
 * with the marker it may have been delivered (RFC 1047) and goes to {@code unknown/}, or back to
 * {@code queue/} when resending such messages was asked for. A queued or deferred entry whose
 * metadata was cut short (no {@code end:} line) or whose content is missing or of the wrong size
 * (a power cut during enqueue) goes: a rerun with the same sources adds it again. Content no entry
 * refers to goes.
 */
final class Recovery {
    private Recovery() {}

    /**
     * @param requeued  in-flight entries put back (nothing had been sent)
     * @param unknown   in-flight entries that may have been delivered, now in {@code unknown/}
     * @param resent    entries from {@code unknown/} put back on request
     * @param cleaned   temp files, duplicate metadata and unreferenced content removed
     */
    record Report(int requeued, int unknown, int resent, int cleaned) {
        public boolean anything() {
            return requeued + unknown + resent + cleaned > 0;
        }
    }

    static Report run(Spool spool, boolean resendUnknown) throws IOException {
        int cleaned = deleteAll(spool.tmpDirectory());
        cleaned += dropDuplicates(spool);
        int requeued = 0;
        int unknown = 0;
        for (Path file : spool.files(SpoolState.ACTIVE)) {
            String id = Spool.idOf(file);
            if (file.getFileName().toString().endsWith(Spool.SENDING) && !resendUnknown) {
                EntryMeta m = spool.read(file);
                spool.writeMeta(SpoolState.UNKNOWN, m.attempted(
                        "interrupted after the content began: possibly delivered (RFC 1047)", Optional.empty()));
                Files.delete(file);
                unknown++;
            } else {
                spool.move(id, file, SpoolState.QUEUE);
                requeued++;
            }
        }
        int resent = 0;
        if (resendUnknown) {
            for (Path file : spool.files(SpoolState.UNKNOWN)) {
                spool.move(Spool.idOf(file), file, SpoolState.QUEUE);
                resent++;
            }
        }
        cleaned += dropIncomplete(spool, SpoolState.QUEUE) + dropIncomplete(spool, SpoolState.DEFERRED);
        spool.reindex();
        cleaned += dropUnreferencedContent(spool);
        return new Report(requeued, unknown, resent, cleaned);
    }

    private static int dropDuplicates(Spool spool) throws IOException {
        Map<String, SpoolState> seen = new HashMap<>();
        Map<String, Path> where = new HashMap<>();
        int dropped = 0;
        for (SpoolState s : SpoolState.values()) {
            for (Path file : spool.files(s)) {
                String id = Spool.idOf(file);
                SpoolState before = seen.get(id);
                if (before == null) {
                    seen.put(id, s);
                    where.put(id, file);
                } else if (s.rank() > before.rank()) {
                    Files.delete(where.get(id));
                    seen.put(id, s);
                    where.put(id, file);
                    dropped++;
                } else {
                    Files.delete(file);
                    dropped++;
                }
            }
        }
        return dropped;
    }

    private static int dropIncomplete(Spool spool, SpoolState state) throws IOException {
        int dropped = 0;
        for (Path file : spool.files(state)) {
            boolean whole;
            try {
                EntryMeta m = spool.read(file);
                Path data = spool.data(m.id());
                whole = Files.exists(data) && Files.size(data) == m.size();
            } catch (RuntimeException e) { // cut short: a bad line, or no end line
                whole = false;
            }
            if (!whole) {
                Files.delete(file);
                dropped++;
            }
        }
        return dropped;
    }

    private static int dropUnreferencedContent(Spool spool) throws IOException {
        int dropped = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(spool.dataDirectory(), "*.eml")) {
            for (Path data : dir) {
                String name = data.getFileName().toString();
                String id = name.substring(0, name.length() - ".eml".length());
                Optional<SpoolState> state = spool.find(id);
                if (state.isEmpty() || state.get() == SpoolState.SENT) {
                    Files.delete(data);
                    dropped++;
                }
            }
        }
        return dropped;
    }

    private static int deleteAll(Path dir) throws IOException {
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Files.deleteIfExists(f);
                n++;
            }
        }
        return n;
    }
}
