package dev.pigeon.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The rows of a {@code --recipients} file, streamed one at a time: CSV (RFC 4180; a header row
 * names the fields; quoted fields may hold commas, quotes and line breaks) or JSON Lines (one flat
 * object per line). Field names compare without regard to case.
 */
final class RecipientRows {
    private RecipientRows() {}

    /** A row: its number (1 for the first data row) and fields, names in lower case. */
    record Row(int number, Map<String, String> fields) {
        /** The recipient: the {@code to} field, else {@code email}. */
        String recipient() {
            String to = fields.get("to");
            return to != null && !to.isBlank() ? to : fields.get("email");
        }
    }

    static void forEach(Path file, Consumer<Row> action) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jsonl")) {
                jsonLines(in, action);
            } else {
                csv(in, action);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void jsonLines(BufferedReader in, Consumer<Row> action) throws IOException {
        String line;
        int n = 0;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            n++;
            try {
                Map<String, String> fields = new LinkedHashMap<>();
                FlatJson.parse(line).forEach((k, v) -> fields.put(k.toLowerCase(Locale.ROOT), v));
                action.accept(new Row(n, fields));
            } catch (IllegalArgumentException e) {
                throw new IOException("line " + n + ": " + e.getMessage(), e);
            }
        }
    }

    private static void csv(BufferedReader in, Consumer<Row> action) throws IOException {
        List<String> header = record(in);
        if (header == null) {
            return;
        }
        header = header.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        List<String> values;
        int n = 0;
        while ((values = record(in)) != null) {
            if (values.size() == 1 && values.getFirst().isBlank()) {
                continue;
            }
            n++;
            if (values.size() != header.size()) {
                throw new IOException("row " + n + " has " + values.size() + " fields; the header has " + header.size());
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                fields.put(header.get(i), values.get(i));
            }
            action.accept(new Row(n, fields));
        }
    }

    /** One CSV record (which may span lines inside quotes), or null at the end. */
    static List<String> record(BufferedReader in) throws IOException {
        String line = in.readLine();
        if (line == null) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        while (true) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(c);
                }
            }
            if (!quoted) {
                break;
            }
            line = in.readLine();
            if (line == null) {
                throw new IOException("a quoted CSV field runs to the end of the file");
            }
            field.append("\r\n");
        }
        fields.add(field.toString());
        return fields;
    }
}
