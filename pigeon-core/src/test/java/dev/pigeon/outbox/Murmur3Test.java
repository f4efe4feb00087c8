package dev.pigeon.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Murmur3Test {

    /** Expected values printed by Guava 32.1.3's {@code Hashing.murmur3_128().hashString(s, UTF_8)}. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|00000000000000000000000000000000",
        "a|897859f6655555855a890e51483ab5e6",
        "hello|029bbd41b3a7d8cb191dae486a901e5b",
        "0123456789abcde|5123bfc0f6d52da6f04c547c0cf5cc4f",
        "0123456789abcdef|a7d14acf946de04bda08a7635c5bc387",
        "0123456789abcdef0|75c0a58587ae24ebca283131b368fb73",
        "The quick brown fox jumps over the lazy dog|6c1b07bc7bbc4be347939ac4a93c437a",
    })
    void matchesTheReferenceImplementation(String input, String expected) {
        Murmur3 h = new Murmur3();
        h.update(input);
        assertThat(HexFormat.of().formatHex(h.digest())).isEqualTo(expected);
    }

    @Test
    void theSameBytesInAnyPiecesHashTheSame() {
        byte[] big = new byte[1000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + 7);
        }
        Murmur3 whole = new Murmur3();
        whole.update(big, 0, big.length);
        String expected = "45c99d896b9dfe1729ce34cea6aaa7d3"; // Guava, hashBytes(big)
        assertThat(HexFormat.of().formatHex(whole.digest())).isEqualTo(expected);
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            Murmur3 pieces = new Murmur3();
            int at = 0;
            while (at < big.length) {
                int n = Math.min(big.length - at, random.nextInt(40));
                pieces.update(big, at, n);
                at += n;
            }
            assertThat(HexFormat.of().formatHex(pieces.digest())).isEqualTo(expected);
        }
    }

    @Test
    void oneChangedByteChangesTheHash() {
        byte[] a = "Subject: one\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] b = a.clone();
        b[10] ^= 1;
        Murmur3 ha = new Murmur3();
        ha.update(a, 0, a.length);
        Murmur3 hb = new Murmur3();
        hb.update(b, 0, b.length);
        assertThat(ha.digest()).isNotEqualTo(hb.digest());
    }
}
