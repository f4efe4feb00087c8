package dev.pigeon.message;

import static dev.pigeon.message.MimeFixtures.builder;
import static dev.pigeon.message.MimeFixtures.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Charsets, long lines and 8-bit output of the text and HTML parts. */
class TextCharsetTest {
    private static final Charset LATIN_1 = StandardCharsets.ISO_8859_1;

    @Test
    void isoLatin1TextAndHtmlRoundTrip() throws Exception {
        String text = "Grüße aus Köln, café, ½ Portion, ÿ\nsecond line";
        String html = "<p>Grüße aus Köln — no, no dash: Öl & Äpfel</p>".replace(" — no, no dash:", ":");
        Message message = builder().charset(LATIN_1).text(text).html(html).build();
        byte[] bytes = message.toBytes();
        MimeCheck.lines(bytes);
        MimeMessage parsed = MimeCheck.parse(bytes);
        MimeBodyPart plain = (MimeBodyPart) part(parsed, 0);
        MimeBodyPart rich = (MimeBodyPart) part(parsed, 1);

        assertThat(plain.getContentType()).isEqualTo("text/plain; charset=ISO-8859-1");
        assertThat(plain.getEncoding()).isEqualTo("quoted-printable");
        assertThat(plain.getContent()).isEqualTo("Grüße aus Köln, café, ½ Portion, ÿ\r\nsecond line\r\n");
        assertThat(rich.getContentType()).isEqualTo("text/html; charset=ISO-8859-1");
        assertThat(rich.getContent()).isEqualTo(html + "\r\n");
        assertThat(new String(bytes, StandardCharsets.US_ASCII)).contains("Gr=FC=DFe aus K=F6ln");
    }

    @Test
    void aStatefulSevenBitCharsetRoundTripsAs7bit() throws Exception {
        String text = "日本語のテキスト\nASCII line\n漢字とかな";
        Message message = builder().charset(Charset.forName("ISO-2022-JP")).text(text).build();
        byte[] bytes = message.toBytes();
        MimeCheck.lines(bytes);
        MimeMessage parsed = MimeCheck.parse(bytes);
        assertThat(parsed.getContentType()).isEqualTo("text/plain; charset=ISO-2022-JP");
        assertThat(parsed.getEncoding()).isEqualTo("7bit");
        assertThat(parsed.getContent()).isEqualTo(TextBody.withCrlfLines(text));
    }

    @Test
    void aCharacterTheCharsetCannotWriteIsRefusedNotReplaced() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> builder().charset(LATIN_1).text("fine\nprice: 5 €").build())
                .withMessageContaining("body text").withMessageContaining("U+20AC (€)")
                .withMessageContaining("line 2, column 10").withMessageContaining("ISO-8859-1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> builder().charset(StandardCharsets.US_ASCII).text("ok").html("<p>é</p>").build())
                .withMessageContaining("HTML body").withMessageContaining("U+00E9");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> builder().text("lone \uD800 surrogate").build())
                .withMessageContaining("not valid Unicode");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16", "UTF-16LE", "UTF-32", "IBM037"})
    void charsetsThatDoNotWriteAsciiAsAsciiAreRefused(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> builder().charset(Charset.forName(name)))
                .withMessageContaining("does not write ASCII");
    }

    @ParameterizedTest
    @ValueSource(ints = {'\n', '\r', 0})
    void aCharsetThatEncodesACharacterAsCrLfOrNulIsRefused(int octet) {
        Charset evil = new EvilCharset((byte) octet);
        MessageBuilder b = builder().charset(evil).text("ordinary text\nthen a \u014B here");
        assertThatIllegalArgumentException().isThrownBy(b::build)
                .withMessageContaining("X-EVIL").withMessageContaining("line 2")
                .withMessageContaining(octet == 0 ? "NUL" : "CR or LF").withMessageContaining("refusing");
        assertThat(builder().charset(evil).text("ordinary text\nwith a NUL \0 of its own").build().toBytes())
                .as("the text's own NUL is fine: it is quoted-printable-encoded").isNotEmpty();
    }

    @Test
    void linesLongerThan998OctetsAreEncodedAndRoundTripExactly() throws Exception {
        String longAscii = "a".repeat(998) + "\n" + "b".repeat(999) + "\n" + "c ".repeat(3000);
        String longHtml = "<p>" + "word ".repeat(1000) + "</p>";
        for (boolean allow8bit : new boolean[] {false, true}) {
            Message message = builder().allow8bit(allow8bit).text(longAscii).html(longHtml).build();
            byte[] bytes = message.toBytes();
            MimeCheck.lines(bytes, allow8bit);
            MimeMessage parsed = MimeCheck.parse(bytes);
            MimeBodyPart plain = (MimeBodyPart) part(parsed, 0);
            MimeBodyPart rich = (MimeBodyPart) part(parsed, 1);
            assertThat(plain.getEncoding()).isEqualTo("quoted-printable");
            assertThat(plain.getContent()).isEqualTo(TextBody.withCrlfLines(longAscii));
            assertThat(rich.getEncoding()).isEqualTo("quoted-printable");
            assertThat(rich.getContent()).isEqualTo(longHtml + "\r\n");
            assertThat(message.size()).hasValue(bytes.length);
        }
        MimeMessage exactly998 = MimeCheck.parse(builder().text("x".repeat(998)).build().toBytes());
        assertThat(exactly998.getEncoding()).isEqualTo("7bit");
    }

    @Test
    void defaultOutputIsSevenBitEvenForEightBitText() throws Exception {
        Message message = builder().text("Grüße 😀").html("<p>日本</p>").build();
        byte[] bytes = message.toBytes();
        MimeCheck.lines(bytes, false);
        assertThat(message.eightBit()).isEqualTo(MessageSource.EightBit.ABSENT);
    }

    @Test
    void allow8bitSendsEightBitTextAs8bitAndDeclaresIt() throws Exception {
        String text = "Grüße 😀\nline two";
        String html = "<p>日本語</p>";
        Message message = builder().allow8bit(true).text(text).html(html)
                .attach(Attachment.of("b.bin", new byte[] {-1, 0, 1})).build();
        byte[] bytes = message.toBytes();
        List<String> lines = MimeCheck.lines(bytes, true);
        assertThat(message.eightBit()).isEqualTo(MessageSource.EightBit.PRESENT);
        assertThat(bytes).containsSequence("Grüße 😀\r\nline two\r\n".getBytes(StandardCharsets.UTF_8));
        MimeMessage parsed = MimeCheck.parse(bytes);
        assertThat(parsed.getEncoding()).as("multipart/mixed holding 8-bit text").isEqualTo("8bit");
        MimeBodyPart alternative = (MimeBodyPart) part(parsed, 0);
        assertThat(alternative.getEncoding()).isEqualTo("8bit");
        MimeBodyPart plain = (MimeBodyPart) part(alternative, 0);
        assertThat(plain.getEncoding()).isEqualTo("8bit");
        assertThat(plain.getContent()).isEqualTo(TextBody.withCrlfLines(text));
        assertThat(((MimeBodyPart) part(alternative, 1)).getContent()).isEqualTo(html + "\r\n");
        assertThat(((MimeBodyPart) part(parsed, 1)).getEncoding()).isEqualTo("base64");
        assertThat(lines).contains("Content-Transfer-Encoding: 8bit");
        assertThat(message.size()).hasValue(bytes.length);
    }

    @Test
    void allow8bitKeepsAsciiAs7bitAndStillEncodesNul() throws Exception {
        Message ascii = builder().allow8bit(true).text("plain").build();
        assertThat(MimeCheck.parse(ascii.toBytes()).getEncoding()).isEqualTo("7bit");
        assertThat(ascii.eightBit()).isEqualTo(MessageSource.EightBit.ABSENT);
        Message nul = builder().allow8bit(true).text("é and \0").build();
        MimeMessage parsed = MimeCheck.parse(nul.toBytes());
        assertThat(parsed.getEncoding()).isEqualTo("quoted-printable");
        assertThat(parsed.getContent()).isEqualTo("é and \0\r\n");
    }

    /** ASCII as ASCII, and U+014B as a single chosen octet: the kind of charset CVE-2025-7962 abused. */
    private static final class EvilCharset extends Charset {
        private final byte octet;

        EvilCharset(byte octet) {
            super("X-EVIL-" + (octet & 0xFF), null);
            this.octet = octet;
        }

        @Override
        public boolean contains(Charset cs) {
            return false;
        }

        @Override
        public CharsetDecoder newDecoder() {
            return StandardCharsets.US_ASCII.newDecoder();
        }

        @Override
        public CharsetEncoder newEncoder() {
            return new CharsetEncoder(this, 1, 1) {
                @Override
                protected CoderResult encodeLoop(CharBuffer in, ByteBuffer out) {
                    while (in.hasRemaining()) {
                        if (!out.hasRemaining()) {
                            return CoderResult.OVERFLOW;
                        }
                        char c = in.get();
                        if (c < 0x80) {
                            out.put((byte) c);
                        } else if (c == '\u014B') {
                            out.put(octet);
                        } else {
                            in.position(in.position() - 1);
                            return CoderResult.unmappableForLength(1);
                        }
                    }
                    return CoderResult.UNDERFLOW;
                }
            };
        }
    }
}
