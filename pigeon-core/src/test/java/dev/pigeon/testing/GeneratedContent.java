package dev.pigeon.testing;

import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * A deterministic message of any size, produced on the fly in constant memory: text lines ended by
 * bare LF (so the client must normalise them), every 16th starting with a dot (so it must stuff
 * them), the last one ended by LF too. As it is read it hashes the content as it must arrive: with
 * CRLF line endings ({@link #normalisedSha256()}).
 */
public final class GeneratedContent extends InputStream {
    private static final byte[] ALPHABET =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-_+=()[]<>!?"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};

    private final long size;
    private final MessageDigest digest;
    private final byte[] line = new byte[128];
    private int lineLength;
    private int linePos;
    private long produced;
    /** Bytes of all lines generated so far, the current one included. */
    private long generated;
    private long lineNumber;

    /** @param size the exact number of bytes the stream yields (at least 1) */
    public GeneratedContent(long size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1");
        }
        this.size = size;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        int copied = 0;
        while (copied < len) {
            if (linePos == lineLength && !nextLine()) {
                break;
            }
            int n = Math.min(len - copied, lineLength - linePos);
            System.arraycopy(line, linePos, b, off + copied, n);
            linePos += n;
            copied += n;
        }
        produced += copied;
        return copied == 0 ? -1 : copied;
    }

    /** Bytes yielded so far. */
    public long produced() {
        return produced;
    }

    /** SHA-256 of the content with CRLF line endings; complete once the stream is exhausted. */
    public byte[] normalisedSha256() {
        if (produced < size) {
            throw new IllegalStateException("read the content to its end first");
        }
        try {
            return ((MessageDigest) digest.clone()).digest();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError("SHA-256 digests are cloneable", e);
        }
    }

    private boolean nextLine() {
        long remaining = size - generated;
        if (remaining <= 0) {
            return false;
        }
        long n = lineNumber++;
        int len = 0;
        for (int shift = 1_000_000_000; shift > 0; shift /= 10) {
            line[len++] = (byte) ('0' + (n / shift) % 10);
        }
        line[len++] = ' ';
        int filler = 40 + (int) (n % 37);
        int start = (int) (n % ALPHABET.length);
        for (int i = 0; i < filler; i++) {
            line[len++] = ALPHABET[(start + i) % ALPHABET.length];
        }
        line[len++] = '\n';
        if (n % 16 == 0) {
            line[0] = '.';
        }
        if (len > remaining) {
            len = (int) remaining;
            line[len - 1] = '\n';
        }
        lineLength = len;
        linePos = 0;
        digest.update(line, 0, len - 1);
        digest.update(CRLF);
        generated += len;
        return true;
    }
}
