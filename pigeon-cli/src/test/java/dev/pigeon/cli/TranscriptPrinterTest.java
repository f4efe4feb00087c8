package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.protocol.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptPrinterTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), 2525);

    private String dialogue(TranscriptPrinter p) {
        p.connecting(server);
        p.connected(new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000), server);
        p.replyReceived(new Reply(220, List.of("220 mx.test ready")));
        p.commandSent("EHLO client.test");
        p.replyReceived(new Reply(250, List.of("250-mx.test", "250 SIZE 1000")));
        p.commandSent("DATA");
        p.replyReceived(new Reply(354, List.of("354 go")));
        byte[] content = "Subject: x\r\n\r\n..dot\r\n.\r\n".getBytes(StandardCharsets.US_ASCII);
        if (p.wantsContent()) {
            // split mid-line and between CR and LF, as writes may be
            p.contentSent(content, 0, 5);
            p.contentSent(content, 5, 7);
            p.contentSent(content, 12, content.length - 12);
        }
        p.dataSent(content.length);
        p.replyReceived(new Reply(250, List.of("250 ok")));
        p.closed();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void allShowsPrefixedLinesAndAContentSummary() {
        assertThat(dialogue(new TranscriptPrinter(out, Show.ALL, false, false))).isEqualTo("""
                === Trying 127.0.0.1:2525...
                === Connected to 127.0.0.1:2525
                <-  220 mx.test ready
                 -> EHLO client.test
                <-  250-mx.test
                <-  250 SIZE 1000
                 -> DATA
                <-  354 go
                 -> [21 bytes of message content]
                 -> .
                <-  250 ok
                === Connection closed
                """);
    }

    @Test
    void showDataPrintsEachContentLine() {
        assertThat(dialogue(new TranscriptPrinter(out, Show.ALL, true, false))).contains("""
                <-  354 go
                 -> Subject: x
                 ->\s
                 -> ..dot
                 -> .
                <-  250 ok
                """);
    }

    @Test
    void serverShowsOnlyReplyLinesUnprefixed() {
        assertThat(dialogue(new TranscriptPrinter(out, Show.SERVER, true, false))).isEqualTo("""
                220 mx.test ready
                250-mx.test
                250 SIZE 1000
                354 go
                250 ok
                """);
    }

    @Test
    void noneShowsNothing() {
        TranscriptPrinter p = new TranscriptPrinter(out, Show.NONE, true, false);
        assertThat(p.wantsContent()).isFalse();
        assertThat(dialogue(p)).isEmpty();
    }

    @Test
    void serverBytesAreEscapedNeverRaw() {
        TranscriptPrinter p = new TranscriptPrinter(out, Show.ALL, false, false);
        p.replyReceived(new Reply(220, List.of("220 \u001b[2J\u001b]0;pwned\u0007 \u00ff\\")));
        p.connectFailed(server, new ConnectException("refused\r\nfake line"));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).isEqualTo("<-  220 \\x1B[2J\\x1B]0;pwned\\x07 \\xFF\\\\\n"
                + "*** Connection to 127.0.0.1:2525 failed: refused\\x0D\\x0Afake line\n");
        assertThat(bytes.toByteArray()).doesNotContain((byte) 0x1B, (byte) 0x07, (byte) '\r');
    }

    @Test
    void colourOnlyWhenAsked() {
        TranscriptPrinter p = new TranscriptPrinter(out, Show.ALL, false, true);
        p.commandSent("QUIT");
        p.replyReceived(new Reply(221, List.of("221 bye")));
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("\u001b[32m -> QUIT\u001b[0m\n\u001b[36m<-  221 bye\u001b[0m\n");
    }

    @Test
    void ipv6AddressesAreBracketed() {
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getLoopbackAddress(), 25);
        assertThat(TranscriptPrinter.hostPort(v6)).isEqualTo("127.0.0.1:25");
        assertThat(TranscriptPrinter.hostPort(new InetSocketAddress("::1", 25))).isEqualTo("[0:0:0:0:0:0:0:1]:25");
    }
}
