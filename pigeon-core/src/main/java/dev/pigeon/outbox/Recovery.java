package dev.pigeon.outbox;

import java.io.IOException;
import java.util.Optional;

/**
 * Start-up repair after a crash (or a {@code kill -9}), on top of what opening the spool does
 * (replay, dropping torn records and entries whose content a power cut lost): an entry still
 * marked as sending may have been delivered (RFC 1047) and becomes {@code unknown}, or goes back
 * to the queue when resending such messages was asked for, as do the {@code unknown} ones then.
 * An entry that was being sent without its marker was never recorded as anything but queued or
 * deferred, so it simply is sent again: nothing of it can have been delivered.
 */
final class Recovery {
    private Recovery() {}

    /**
     * @param requeued  interrupted entries put back on request (they may have been delivered)
     * @param unknown   interrupted entries that may have been delivered, now {@code unknown}
     * @param resent    entries from {@code unknown} put back on request
     * @param cleaned   torn journal records, incomplete entries and unreferenced data dropped at open
     */
    record Report(int requeued, int unknown, int resent, int cleaned) {
        public boolean anything() {
            return requeued + unknown + resent + cleaned > 0;
        }
    }

    static Report run(Spool spool, boolean resendUnknown) throws IOException {
        int requeued = 0;
        int unknown = 0;
        for (EntryMeta m : spool.entries(SpoolState.ACTIVE)) {
            if (resendUnknown) {
                spool.record(SpoolState.QUEUE, m);
                requeued++;
            } else {
                spool.record(SpoolState.UNKNOWN, m.attempted(
                        "interrupted after the content began: possibly delivered (RFC 1047)", Optional.empty()));
                unknown++;
            }
        }
        int resent = 0;
        if (resendUnknown) {
            for (EntryMeta m : spool.entries(SpoolState.UNKNOWN)) {
                spool.record(SpoolState.QUEUE, m);
                resent++;
            }
        }
        return new Report(requeued, unknown, resent, spool.cleanedAtOpen());
    }
}
