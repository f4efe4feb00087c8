package dev.pigeon.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One message the server accepted and stored. The content is not held in memory: it is read
 * back from {@link #path()}, the Maildir file, which starts with the trace headers the store
 * prepended ({@code Return-Path}, {@code Delivered-To}, {@code Received}) followed by the
 * content exactly as the client sent it, dot-unstuffed.
 *
 * @param number            1 for the first message this server received, then 2, 3 ...
 * @param path              the file in the Maildir's {@code new/} folder
 * @param traceHeaderLength bytes of trace headers at the start of the file
 */
public record ReceivedMessage(int number, ReceivedEnvelope envelope, Path path, int traceHeaderLength,
                              Instant receivedAt) {

    /** Content bytes, as the client sent them (dot-unstuffed), without the trace headers. */
    public long size() {
        return envelope.size();
    }

    /** The stored file: trace headers, then the content. */
    public InputStream openFile() throws IOException {
        return Files.newInputStream(path);
    }

    /** The content as the client sent it, without the trace headers. */
    public InputStream openContent() throws IOException {
        InputStream in = Files.newInputStream(path);
        try {
            in.skipNBytes(traceHeaderLength);
            return in;
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /** The content in one array: convenient for tests and small messages only. */
    public byte[] content() throws IOException {
        try (InputStream in = openContent()) {
            return in.readAllBytes();
        }
    }
}
