package dev.pigeon.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderPeekTest {
    private static String peek(String message) {
        byte[] b = message.getBytes(StandardCharsets.ISO_8859_1);
        return HeaderPeek.messageId(b, b.length);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "From: a@x\\r\\nMessage-ID: <1@x>\\r\\n\\r\\nbody|<1@x>",
        "From: a@x\\nmessage-id:<2@x>\\n\\nbody|<2@x>",
        "MESSAGE-ID: \\r\\n  <3@x>\\r\\nTo: b@y\\r\\n\\r\\n|<3@x>",
        "Message-ID: <4@x>|<4@x>",
        "From: a@x\\r\\n\\r\\nMessage-ID: <in-the-body@x>\\r\\n|''",
        "X-Message-ID: <5@x>\\r\\n\\r\\n|''",
        "Message-I|''",
        "''|''",
    })
    void findsTheMessageIdInTheHeaderSectionOnly(String message, String expected) {
        String unescaped = message.replace("\\r", "\r").replace("\\n", "\n");
        assertThat(peek(unescaped)).isEqualTo(expected);
    }
}
