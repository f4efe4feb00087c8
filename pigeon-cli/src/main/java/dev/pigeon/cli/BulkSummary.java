package dev.pigeon.cli;

import dev.pigeon.outbox.DeliveryState;
import dev.pigeon.outbox.SpoolState;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * The table printed when a run ends: this run's attempts, the spool's final counts, the rate,
 * delivery latency percentiles and the commonest refusal reasons; and the exit status it implies.
 */
final class BulkSummary {
    private BulkSummary() {}

    static void print(PrintStream out, BulkTally t, Map<SpoolState, Integer> spool, String spoolDir, String report) {
        out.println("Attempts this run:");
        row(out, "delivered", t.count(DeliveryState.DELIVERED));
        row(out, "deferred", t.count(DeliveryState.DEFERRED));
        row(out, "bounced", t.count(DeliveryState.BOUNCED));
        row(out, "unknown", t.count(DeliveryState.UNKNOWN));
        out.printf(Locale.ROOT, "  %-24s %10.1f s%n", "elapsed", t.elapsedSeconds());
        out.printf(Locale.ROOT, "  %-24s %10.0f msg/s%n", "rate", t.rate());
        if (t.count(DeliveryState.DELIVERED) > 0) {
            out.printf(Locale.ROOT, "  %-24s %10.1f / %.1f / %.1f ms%n", "latency p50 / p90 / p99",
                    t.percentileMillis(50), t.percentileMillis(90), t.percentileMillis(99));
        }
        out.println("Spool " + spoolDir + ":");
        row(out, "sent", spool.get(SpoolState.SENT));
        row(out, "failed (bounced)", spool.get(SpoolState.FAILED));
        row(out, "deferred (retry later)", spool.get(SpoolState.DEFERRED) + spool.get(SpoolState.QUEUE)
                + spool.get(SpoolState.ACTIVE));
        row(out, "unknown (RFC 1047)", spool.get(SpoolState.UNKNOWN));
        var reasons = t.topReasons(5);
        if (!reasons.isEmpty()) {
            out.println("Top refusal reasons:");
            for (var r : reasons) {
                out.printf(Locale.ROOT, "  %8d  %s%n", r.getValue(), r.getKey());
            }
        }
        out.println("Report: " + report);
    }

    private static void row(PrintStream out, String name, long n) {
        out.printf(Locale.ROOT, "  %-24s %10d%n", name, n);
    }

    /**
     * 0 every entry sent; 67 some recipient bounced (5xx, or out of attempts); 75 none bounced but
     * some are still to be retried or possibly delivered (unknown).
     */
    static int exitCode(Map<SpoolState, Integer> spool) {
        if (spool.get(SpoolState.FAILED) > 0) {
            return ExitCodes.NOUSER;
        }
        int open = spool.get(SpoolState.DEFERRED) + spool.get(SpoolState.QUEUE) + spool.get(SpoolState.ACTIVE)
                + spool.get(SpoolState.UNKNOWN);
        return open > 0 ? ExitCodes.TEMPFAIL : ExitCodes.OK;
    }
}
