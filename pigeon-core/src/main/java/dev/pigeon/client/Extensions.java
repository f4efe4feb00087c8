package dev.pigeon.client;

import java.util.Objects;

/**
 * Which ESMTP extensions the client may use when the server offers them. By default every one:
 * PIPELINING (RFC 2920), CHUNKING (RFC 3030) in chunks of {@link #DEFAULT_CHUNK_SIZE}, no
 * BINARYMIME and no DSN request. SIZE, 8BITMIME and SMTPUTF8 need no choice: they follow from the
 * message and the envelope.
 *
 * @param pipelining use PIPELINING when offered
 * @param chunking   use BDAT when CHUNKING is offered
 * @param binaryMime send the content as {@code BODY=BINARYMIME}: raw bytes, line endings untouched;
 *                   needs CHUNKING and BINARYMIME, else the send stops before MAIL
 * @param chunkSize  bytes per BDAT chunk (memory held per send)
 * @param dsn        what to ask for in delivery status notifications
 */
public record Extensions(boolean pipelining, boolean chunking, boolean binaryMime, int chunkSize, Dsn dsn) {
    public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;
    /** Chunks outstanding (sent, reply not read) at most when BDATs are pipelined. */
    static final int MAX_OUTSTANDING_CHUNKS = 8;

    public Extensions {
        if (chunkSize < 1 || chunkSize > 64 * 1024 * 1024) {
            throw new IllegalArgumentException("chunk size must be 1 to 64 MiB: " + chunkSize);
        }
        Objects.requireNonNull(dsn, "dsn");
    }

    public static Extensions defaults() {
        return new Extensions(true, true, false, DEFAULT_CHUNK_SIZE, Dsn.none());
    }

    public Extensions withPipelining(boolean on) {
        return new Extensions(on, chunking, binaryMime, chunkSize, dsn);
    }

    public Extensions withChunking(boolean on) {
        return new Extensions(pipelining, on, binaryMime, chunkSize, dsn);
    }

    public Extensions withBinaryMime(boolean on) {
        return new Extensions(pipelining, chunking, on, chunkSize, dsn);
    }

    public Extensions withChunkSize(int bytes) {
        return new Extensions(pipelining, chunking, binaryMime, bytes, dsn);
    }

    public Extensions withDsn(Dsn value) {
        return new Extensions(pipelining, chunking, binaryMime, chunkSize, value);
    }
}
