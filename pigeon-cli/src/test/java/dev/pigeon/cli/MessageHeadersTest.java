package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageHeadersTest {
    private static final String LONG = "x".repeat(700);
    private static final String MESSAGE = "From: a@x.test\r\nTo: b@y.test,\r\n  c@y.test\r\nX-Long: " + LONG
            + "\r\nBcc: d@y.test\r\n\r\nbody line\r\n.leading dot\r\n";

    /** Whether the stream supports mark (read ahead in chunks) or not (read byte by byte): the same result. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void readsTheFieldsAndLeavesTheBodyUnread(boolean markable) throws IOException {
        InputStream raw = new ByteArrayInputStream(MESSAGE.getBytes(StandardCharsets.US_ASCII));
        InputStream in = markable ? raw : new FilterInputStream(raw) {
            @Override
            public boolean markSupported() {
                return false;
            }
        };
        MessageHeaders headers = MessageHeaders.read(in);
        assertThat(headers.values("to")).singleElement().asString().contains("c@y.test");
        assertThat(headers.values("X-Long")).singleElement().asString().contains(LONG);
        String rest = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(rest).isEqualTo("body line\r\n.leading dot\r\n");
        assertThat(new String(headers.bytes(List.of(), List.of("Bcc")), StandardCharsets.US_ASCII))
                .isEqualTo("From: a@x.test\r\nTo: b@y.test,\r\n  c@y.test\r\nX-Long: " + LONG + "\r\n\r\n");
    }
}
