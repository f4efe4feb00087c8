package dev.pigeon.outbox;

import java.nio.charset.StandardCharsets;

/**
 * MurmurHash3, x64 128-bit variant (seed 0), fed in pieces: what names spool entries. It only has
 * to tell apart the messages one spool sees (a rerun's duplicates from new ones), not resist an
 * attacker, and it costs a fraction of SHA-256 where the JIT has no SHA intrinsic (the launcher
 * runs bulk on C1, where SHA-256 was a quarter of the spooling thread's time). The result is the
 * two 64-bit halves little-endian, as Guava's {@code Hashing.murmur3_128()} prints it.
 */
final class Murmur3 {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private final byte[] tail = new byte[16];
    private int tailLength;
    private long h1;
    private long h2;
    private long length;

    void update(byte[] b, int off, int len) {
        length += len;
        int i = off;
        int end = off + len;
        if (tailLength > 0) {
            while (tailLength < 16 && i < end) {
                tail[tailLength++] = b[i++];
            }
            if (tailLength < 16) {
                return;
            }
            block(tail, 0);
            tailLength = 0;
        }
        while (end - i >= 16) {
            block(b, i);
            i += 16;
        }
        while (i < end) {
            tail[tailLength++] = b[i++];
        }
    }

    void update(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        update(bytes, 0, bytes.length);
    }

    void update(byte b) {
        update(new byte[] {b}, 0, 1);
    }

    private void block(byte[] b, int at) {
        long k1 = getLong(b, at);
        long k2 = getLong(b, at + 8);
        h1 ^= mixK1(k1);
        h1 = Long.rotateLeft(h1, 27) + h2;
        h1 = h1 * 5 + 0x52dce729;
        h2 ^= mixK2(k2);
        h2 = Long.rotateLeft(h2, 31) + h1;
        h2 = h2 * 5 + 0x38495ab5;
    }

    /** The 16-byte hash of everything fed so far. */
    byte[] digest() {
        long k1 = 0;
        long k2 = 0;
        for (int i = tailLength - 1; i >= 8; i--) {
            k2 = (k2 << 8) | (tail[i] & 0xFFL);
        }
        for (int i = Math.min(tailLength, 8) - 1; i >= 0; i--) {
            k1 = (k1 << 8) | (tail[i] & 0xFFL);
        }
        long a = h1 ^ mixK1(k1);
        long b = h2 ^ mixK2(k2);
        a ^= length;
        b ^= length;
        a += b;
        b += a;
        a = fmix(a);
        b = fmix(b);
        a += b;
        b += a;
        byte[] out = new byte[16];
        putLong(out, 0, a);
        putLong(out, 8, b);
        return out;
    }

    private static long mixK1(long k1) {
        return Long.rotateLeft(k1 * C1, 31) * C2;
    }

    private static long mixK2(long k2) {
        return Long.rotateLeft(k2 * C2, 33) * C1;
    }

    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    private static long getLong(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24
                | (b[at + 4] & 0xFFL) << 32 | (b[at + 5] & 0xFFL) << 40 | (b[at + 6] & 0xFFL) << 48
                | (b[at + 7] & 0xFFL) << 56;
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
