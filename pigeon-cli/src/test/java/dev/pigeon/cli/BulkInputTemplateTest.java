package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BulkInputTemplateTest {
    private static final Path ROWS = Path.of("rows.csv");
    private static final List<Object> PARTS =
            BulkInput.parts("To: {{ Email }}\nSubject: Grüße {{name}}\n\nHallo {{name}}, {{n}}.\n");

    @Test
    void everyPlaceholderIsFilledByteForByteInUtf8() {
        byte[] filled = BulkInput.fill(PARTS, new RecipientRows.Row(3, Map.of("email", "a@x.test", "name", "Zoë",
                "n", "7")), ROWS);
        assertThat(new String(filled, StandardCharsets.UTF_8))
                .isEqualTo("To: a@x.test\nSubject: Grüße Zoë\n\nHallo Zoë, 7.\n");
    }

    @Test
    void aMissingFieldOrALineBreakInAValueIsBadInput() {
        assertThatThrownBy(() -> BulkInput.fill(PARTS, new RecipientRows.Row(4, Map.of("email", "a@x.test", "n", "1")),
                ROWS)).isInstanceOf(Failure.class).hasMessage("rows.csv row 4: no field 'name' for {{name}}");
        assertThatThrownBy(() -> BulkInput.fill(PARTS, new RecipientRows.Row(5, Map.of("email", "a@x.test",
                "name", "x\r\nBcc: evil@x.test", "n", "1")), ROWS)).isInstanceOf(Failure.class)
                .hasMessage("rows.csv row 5: field 'name' holds a line break");
    }
}
