package dev.pigeon.cli.hostile;

import static dev.pigeon.cli.hostile.HostileSend.assertPrintedSafely;
import static dev.pigeon.cli.hostile.HostileSend.assertPrintedSafelyInOneErrorLine;
import static dev.pigeon.cli.hostile.HostileSend.assertTookLessThan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.testing.Dialogue;
import dev.pigeon.testing.ScriptedServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Content that looks like the end of data, or text whose charset could produce CR/LF octets: the
 * bytes on the wire must be unambiguous to any server (no bare CR or LF, one CRLF.CRLF, at the
 * end), and what the user meant must arrive, line for line.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContentIT {
    @TempDir
    Path dir;

    /** Java escapes, as the file holds them after the headers. */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "line\\n.\\nMAIL FROM:<smuggled@example.net>\\n",        // LF . LF
        "line\\r.\\rMAIL FROM:<smuggled@example.net>\\r",        // CR . CR
        "line\\r\\n.\\nMAIL FROM:<smuggled@example.net>\\r\\n",  // CRLF . LF
        "line\\n.\\r\\nMAIL FROM:<smuggled@example.net>\\r\\n",  // LF . CRLF
        "line\\r\\n.\\r\\nMAIL FROM:<smuggled@example.net>\\r\\n", // the real thing, inside the content
        "line\\r\\r\\n.\\r\\r\\nafter\\r\\n",                    // CR CR LF
        "no final newline",
        "ends with a dot line\\r\\n.",
        "ends with a dot line and LF\\n.\\n",
        "..already doubled\\r\\n...\\r\\n",
        "\\r\\n.\\r\\n",
    })
    void endOfDataLookAlikesAreStuffedAndTheOnlyTerminatorIsTheLast(String escapedBody) throws IOException {
        byte[] file = ("Subject: look-alikes\r\n\r\n" + unescape(escapedBody)).getBytes(StandardCharsets.ISO_8859_1);
        assertDelivered(file);
    }

    /** The message file itself starts with a dot: the first line on the wire must be stuffed. */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {".\\r\\nQUIT\\r\\n", ".hidden: header\\r\\n\\r\\nbody\\r\\n", ".", ".\\n"})
    void aDotOnTheFirstLineIsStuffed(String escaped) throws IOException {
        byte[] wire = assertDelivered(unescape(escaped).getBytes(StandardCharsets.ISO_8859_1));
        assertThat(new String(wire, StandardCharsets.ISO_8859_1)).startsWith("..");
    }

    /** The same look-alikes typed into --body: the composer's output is just as unambiguous. */
    @Test
    void lookAlikesInTheBodyOptionToo() {
        try (ScriptedServer server = ScriptedServer.start(Dialogue.delivering().build())) {
            HostileSend.Run run = HostileSend.sendTo(server, "--body",
                    ".\nline\n.\nMAIL FROM:<x@example.net>\r.\r\n.\r\nQUIT\n.");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertUnambiguous(run);
        }
    }

    /**
     * Characters whose code points hold 0x0A or 0x0D (U+010A, U+010D, U+0D0A, U+0A0D) and the
     * Unicode line separators, in the subject and the body, in charsets that can carry them: no
     * CR or LF octet beyond the line breaks, no new header.
     */
    @ParameterizedTest(name = "--charset {0}")
    @CsvSource(delimiter = '|', textBlock = """
            UTF-8      | Ċ č ഊ ਊ \u2028Bcc: victim@example.net\u2029 end
            ISO-8859-3 | Ċ ċ Ĝ \u00e0 Bcc: victim@example.net
            ISO-8859-2 | č Č ř \u00e1 Bcc: victim@example.net
            """)
    void textThatCouldEncodeToCrOrLfStaysOnItsLines(String charset, String text) {
        try (ScriptedServer server = ScriptedServer.start(Dialogue.delivering().build())) {
            HostileSend.Run run = HostileSend.sendTo(server, "--charset", charset, "--subject", text,
                    "--body", text + "\n" + text);

            assertThat(run.exitCode()).as(run.toString()).isZero();
            byte[] content = assertUnambiguous(run);
            String wire = new String(content, StandardCharsets.ISO_8859_1);
            assertThat(wire.lines()).noneMatch(l -> l.regionMatches(true, 0, "Bcc:", 0, 4));
            assertThat(run.wireLines()).filteredOn(l -> l.startsWith("RCPT")).containsExactly("RCPT TO:<bob@example.org>");
        }
    }

    /** Charsets that do not write ASCII as ASCII could turn any text into CR/LF octets: refused, nothing sent. */
    @ParameterizedTest(name = "--charset {0}")
    @ValueSource(strings = {"UTF-16", "UTF-32", "IBM037"})
    void charsetsThatCannotCarryMimeTextAre64AndNothingConnects(String charset) {
        try (ScriptedServer server = ScriptedServer.start(Dialogue.delivering().build())) {
            HostileSend.Run run = HostileSend.sendTo(server, "--charset", charset, "--subject", "x");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(64);
            assertPrintedSafelyInOneErrorLine(run);
            assertThat(run.err()).contains("ASCII");
            assertTookLessThan(run, Duration.ZERO);
            assertThat(run.connection()).isNull();
        }
    }

    @Test
    void textTheCharsetCannotCarryIs65AndNothingConnects() {
        try (ScriptedServer server = ScriptedServer.start(Dialogue.delivering().build())) {
            HostileSend.Run run = HostileSend.sendTo(server, "--charset", "US-ASCII", "--body", "caf\u00e9");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(65);
            assertPrintedSafelyInOneErrorLine(run);
            assertTookLessThan(run, Duration.ZERO);
            assertThat(run.connection()).isNull();
        }
    }

    private byte[] assertDelivered(byte[] file) throws IOException {
        Path message = Files.write(dir.resolve("m.eml"), file);
        try (ScriptedServer server = ScriptedServer.start(Dialogue.delivering().build())) {
            HostileSend.Run run = HostileSend.sendTo(server, "--data", message.toString());

            assertThat(run.exitCode()).as(run.toString()).isZero();
            byte[] content = assertUnambiguous(run);
            assertThat(unstuff(content)).as("what the user meant, with CRLF line endings")
                    .isEqualTo(normalised(file));
            return content;
        }
    }

    /**
     * The content part of the recording (after {@code DATA}, up to and including the terminator):
     * CR only before LF and LF only after CR, and CRLF.CRLF exactly once, at the end.
     */
    private static byte[] assertUnambiguous(HostileSend.Run run) {
        assertPrintedSafely(run);
        assertTookLessThan(run, Duration.ZERO);
        String wire = run.wireText();
        int start = wire.indexOf("\r\nDATA\r\n") + "\r\nDATA\r\n".length();
        int end = wire.lastIndexOf("QUIT\r\n");
        assertThat(start).as(run.toString()).isGreaterThan(8);
        String content = wire.substring(start, end);
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (c == '\r') {
                assertThat(i + 1 < content.length() && content.charAt(i + 1) == '\n').as("bare CR at %d", i).isTrue();
            } else if (c == '\n') {
                assertThat(i > 0 && content.charAt(i - 1) == '\r').as("bare LF at %d", i).isTrue();
            }
        }
        assertThat(content).doesNotStartWith(".\r\n").endsWith("\r\n.\r\n");
        assertThat(content.indexOf("\r\n.\r\n")).as("the only end of data is the last").isEqualTo(content.length() - 5);
        return content.substring(0, content.length() - 3).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] unstuff(byte[] stuffed) {
        String text = new String(stuffed, StandardCharsets.ISO_8859_1);
        assertThat(text).endsWith("\r\n");
        StringBuilder out = new StringBuilder();
        for (String line : text.substring(0, text.length() - 2).split("\r\n", -1)) {
            out.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Every CRLF, lone CR and lone LF as CRLF; a final line break added when missing. */
    private static byte[] normalised(byte[] file) {
        String text = new String(file, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").replace('\r', '\n');
        if (!text.endsWith("\n")) {
            text += "\n";
        }
        return text.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n");
    }
}
