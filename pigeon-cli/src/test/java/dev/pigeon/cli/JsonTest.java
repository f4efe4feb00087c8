package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.protocol.Reply;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON writer's escaping, and queue ids from the reply formats of common servers. */
class JsonTest {
    @Test
    void escapesQuotesBackslashesAndEveryControlButKeepsOtherUnicode() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b\\c\n\r\t\b\f\u0000\u001b\u007f\u0085\u2028\u2029 é 😀");
        m.put("n", null);
        m.put("l", List.of(1L, 2L, true));
        assertThat(Json.write(m)).isEqualTo("{\"s\":\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0000\\u001b\\u007f\\u0085"
                + "\\u2028\\u2029 é 😀\",\"n\":null,\"l\":[1,2,true]}");
        assertThat(MiniJson.parse(Json.write(m))).isEqualTo(m);
    }

    @Test
    void loneSurrogatesAreEscapedSoTheOutputIsValidUtf8() {
        assertThat(Json.write("\ud800x\udc00")).isEqualTo("\"\\ud800x\\udc00\"");
    }

    @Test
    void queueIdsFromCommonServers() {
        assertThat(QueueId.of(Reply.of(250, "2.0.0 Ok: queued as 4F3B2C0A1"))).contains("4F3B2C0A1");
        assertThat(QueueId.of(Reply.of(250, "OK id=1rXyzA-0001Ab-2C"))).contains("1rXyzA-0001Ab-2C");
        assertThat(QueueId.of(Reply.of(250, "2.6.0 <abc@host.example> [InternalId=1] Queued mail for delivery")))
                .contains("abc@host.example");
        assertThat(QueueId.of(Reply.of(250, "2.0.0 x1ABCD123 Message accepted for delivery"))).contains("x1ABCD123");
        assertThat(QueueId.of(Reply.of(250, "2.0.0 OK queued as 17.abc.localhost"))).contains("17.abc.localhost");
        assertThat(QueueId.of(Reply.of(250, "2.0.0 OK"))).isEmpty();
    }

    @Test
    void everyKeyIsPresentEvenWhenNothingApplies() {
        Map<String, Object> report = SendReport.of("h", 25, null, null, new SendVerdict(64, List.of()),
                new SessionRecorder());
        assertThat(report.keySet()).containsExactlyElementsOf(Arrays.asList("server", "port", "outcome", "exit_code",
                "stage", "recipients", "final_reply", "refusal", "tls", "extensions", "notices", "error", "errors",
                "timings_ms"));
    }
}
