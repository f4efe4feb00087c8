package dev.pigeon.cli;

import dev.pigeon.client.Dsn;
import dev.pigeon.client.ExtensionStop;
import dev.pigeon.client.Extensions;
import dev.pigeon.client.SendResult;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The ESMTP extension options of {@code pigeon send}: PIPELINING and CHUNKING on or off,
 * BINARYMIME, and the DSN request (RFC 3461). SIZE, 8BITMIME and SMTPUTF8 need no option: they
 * follow from the message, the addresses and what the server offers.
 */
final class ExtensionOptions {
    /** {@code auto}: use the extension when the server offers it; {@code off}: never. */
    enum Use { auto, off }

    @Option(names = "--pipelining", paramLabel = "auto|off", defaultValue = "auto",
            description = "auto (default): send MAIL, every RCPT and DATA in one batch when the server offers"
                    + " PIPELINING; off: one command at a time.")
    Use pipelining = Use.auto;

    @Option(names = "--chunking", paramLabel = "auto|off", defaultValue = "auto",
            description = "auto (default): send the content with BDAT chunks (no dot-stuffing) when the server"
                    + " offers CHUNKING; off: always DATA.")
    Use chunking = Use.auto;

    @Option(names = "--chunk-size", paramLabel = "BYTES", defaultValue = "65536",
            description = "Bytes per BDAT chunk (default: ${DEFAULT-VALUE}).")
    int chunkSize = Extensions.DEFAULT_CHUNK_SIZE;

    @Option(names = "--binarymime",
            description = "Send the message as BODY=BINARYMIME: raw bytes, line endings untouched. Needs a server"
                    + " offering BINARYMIME and CHUNKING, else nothing is sent (69).")
    boolean binaryMime;

    @Option(names = "--dsn-notify", paramLabel = "SUCCESS,FAILURE,DELAY|NEVER",
            description = "Ask for delivery status notifications (RFC 3461) on these events, for every recipient.")
    String dsnNotify;

    @Option(names = "--dsn-ret", paramLabel = "FULL|HDRS",
            description = "What a failure report returns: the full message or only its headers.")
    String dsnRet;

    @Option(names = "--dsn-envid", paramLabel = "ID",
            description = "An envelope id for the notifications (printable ASCII, at most 100 characters).")
    String dsnEnvid;

    /** The library's options; a bad value is a usage error (64). */
    Extensions extensions() {
        Extensions ext;
        try {
            ext = Extensions.defaults().withPipelining(pipelining == Use.auto).withChunking(chunking == Use.auto)
                    .withBinaryMime(binaryMime).withChunkSize(chunkSize).withDsn(dsn());
        } catch (IllegalArgumentException e) {
            throw Failure.usage(Text.oneLine(e.getMessage()));
        }
        if (binaryMime && chunking == Use.off) {
            throw Failure.usage("--binarymime needs BDAT: it cannot be combined with --chunking off");
        }
        return ext;
    }

    private Dsn dsn() {
        Dsn dsn = Dsn.none();
        if (dsnNotify != null) {
            dsn = dsn.withNotify(checked("--dsn-notify", () -> Dsn.parseNotify(dsnNotify)));
        }
        if (dsnRet != null) {
            dsn = dsn.withRet(checked("--dsn-ret", () -> Dsn.Ret.valueOf(dsnRet.strip().toUpperCase(Locale.ROOT))));
        }
        if (dsnEnvid != null) {
            Text.requireNoControls("--dsn-envid", dsnEnvid);
            String id = dsnEnvid;
            Dsn base = dsn;
            dsn = checked("--dsn-envid", () -> base.withEnvid(id));
        }
        return dsn;
    }

    private interface Parse<T> {
        T get();
    }

    private static <T> T checked(String option, Parse<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            String why = option.equals("--dsn-ret") ? "expected FULL or HDRS" : e.getMessage();
            throw Failure.usage(option + ": " + Text.oneLine(why));
        }
    }

    /** One line each on standard error: things the server could not do that changed nothing. */
    static void printNotices(Io io, SendResult result) {
        result.notices().forEach(n -> io.error("notice: " + Text.oneLine(n)));
    }

    /**
     * The exit status when the client stopped because this server cannot take this message: 69
     * (EX_UNAVAILABLE) as for a 5xx refusal, since another server may take it unchanged; 65
     * (EX_DATAERR) for a domain that is no valid IDN, which no server can take.
     */
    static int exitCode(ExtensionStop stop) {
        return stop.reason() == ExtensionStop.Reason.BAD_DOMAIN ? ExitCodes.DATAERR : ExitCodes.UNAVAILABLE;
    }
}
