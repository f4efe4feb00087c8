package dev.pigeon.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The codec pieces of the ESMTP extensions: xtext, BDAT chunking, CRLF-only normalisation, status meanings. */
class ExtensionCodecTest {

    @Test
    void xtextEncodesPlusEqualsSpaceAndControls() {
        assertThat(Xtext.encode("a+b=c d")).isEqualTo("a+2Bb+3Dc+20d");
        assertThat(Xtext.encode("user@example.org")).isEqualTo("user@example.org");
        assertThat(Xtext.encode("\t~!")).isEqualTo("+09~!");
        assertThatThrownBy(() -> Xtext.encode("é")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void utf8AddressXtextEscapesCodePoints() {
        assertThat(Xtext.utf8AddressXtext("jöran@x")).isEqualTo("j\\x{F6}ran@x");
        assertThat(Xtext.utf8AddressXtext("a+b=c\\d")).isEqualTo("a\\x{2B}b\\x{3D}c\\x{5C}d");
        assertThat(Xtext.utf8AddressXtext("😀@x")).isEqualTo("\\x{1F600}@x");
    }

    @Test
    void bdatLine() {
        assertThat(new Command.Bdat(65536, false).line()).isEqualTo("BDAT 65536");
        assertThat(new Command.Bdat(0, true).line()).isEqualTo("BDAT 0 LAST");
        assertThatThrownBy(() -> new Command.Bdat(-1, true)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String chunked(int size, String... writes) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ChunkingOutputStream out = new ChunkingOutputStream(size, (b, n, last) -> ChunkingOutputStream.frame(wire, b, n, last));
        for (String w : writes) {
            out.write(w.getBytes(StandardCharsets.ISO_8859_1));
        }
        out.finish();
        out.finish();
        return wire.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void chunkBoundaries() throws IOException {
        assertThat(chunked(4, "abcdefghij")).isEqualTo("BDAT 4\r\nabcdBDAT 4\r\nefghBDAT 2 LAST\r\nij");
        assertThat(chunked(4, "abcd", "efgh")).isEqualTo("BDAT 4\r\nabcdBDAT 4 LAST\r\nefgh");
        assertThat(chunked(4, "a", "b", "c", "d", "e")).isEqualTo("BDAT 4\r\nabcdBDAT 1 LAST\r\ne");
        assertThat(chunked(4)).isEqualTo("BDAT 0 LAST\r\n");
        assertThat(chunked(8, "\r\n.\r\n")).isEqualTo("BDAT 5 LAST\r\n\r\n.\r\n");
    }

    @Test
    void writingAfterFinishFails() throws IOException {
        ChunkingOutputStream out = new ChunkingOutputStream(4, (b, n, last) -> { });
        out.finish();
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
        assertThat(out.chunks()).isEqualTo(1);
    }

    private static String crlf(String... writes) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        CrlfOutputStream out = new CrlfOutputStream(sink);
        for (String w : writes) {
            out.write(w.getBytes(StandardCharsets.ISO_8859_1));
        }
        out.finish();
        assertThat(out.bytesWritten()).isEqualTo(sink.size());
        return sink.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void crlfNormalisationWithoutStuffing() throws IOException {
        assertThat(crlf("a\nb\rc\r\n.d")).isEqualTo("a\r\nb\r\nc\r\n.d\r\n");
        assertThat(crlf("a\r", "\nb\r", "\r\n")).isEqualTo("a\r\nb\r\n\r\n");
        assertThat(crlf("")).isEmpty();
        assertThat(crlf(".\r\n")).isEqualTo(".\r\n");
    }

    @Test
    void enhancedStatusMeanings() {
        assertThat(new EnhancedStatus(5, 1, 1).meaning()).isEqualTo("bad destination mailbox address");
        assertThat(new EnhancedStatus(4, 2, 2).meaning()).isEqualTo("mailbox full");
        assertThat(new EnhancedStatus(5, 7, 8).meaning()).isEqualTo("authentication credentials invalid");
        assertThat(new EnhancedStatus(5, 2, 99).meaning()).isEqualTo("other or undefined mailbox status");
        assertThat(new EnhancedStatus(5, 2, 99).isRegistered()).isFalse();
        assertThat(new EnhancedStatus(5, 9, 1).meaning()).isEqualTo("undefined status");
        assertThat(Reply.of(550, "5.3.4 too big").enhancedStatus().orElseThrow().meaning())
                .isEqualTo("message too big for system");
    }
}
