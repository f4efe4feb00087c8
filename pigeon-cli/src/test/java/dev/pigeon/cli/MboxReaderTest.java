package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MboxReaderTest {
    private static List<String> split(String mbox) throws IOException {
        MboxReader reader = new MboxReader(new ByteArrayInputStream(mbox.getBytes(StandardCharsets.UTF_8)));
        List<String> out = new ArrayList<>();
        InputStream m;
        while ((m = reader.next()) != null) {
            out.add(new String(m.readAllBytes(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void splitsOnFromLinesAfterAnEmptyLineAndUnescapesOneQuoteLevel() throws IOException {
        String mbox = "From a@x Mon Jan  1 00:00:00 2024\nSubject: one\n\nbody\n>From here\n>>From there\n\n"
                + "From b@x Mon Jan  1 00:00:01 2024\nSubject: two\n\n\nlast\n\n";
        assertThat(split(mbox)).containsExactly("Subject: one\n\nbody\nFrom here\n>From there\n",
                "Subject: two\n\n\nlast\n");
    }

    @Test
    void aFromLineWithoutAnEmptyLineBeforeItIsBody() throws IOException {
        assertThat(split("From a@x d\nSubject: s\n\nbody\nFrom inside\n")).containsExactly("Subject: s\n\nbody\nFrom inside\n");
    }

    @Test
    void crlfLinesKeepTheirCr() throws IOException {
        assertThat(split("From a@x d\r\nSubject: s\r\n\r\nb\r\n\r\nFrom c@x d\r\nSubject: t\r\n\r\nc\r\n"))
                .containsExactly("Subject: s\r\n\r\nb\r\n", "Subject: t\r\n\r\nc\r\n");
    }
}
