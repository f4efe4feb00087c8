package dev.pigeon.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The messages {@code pigeon bulk} reads, one at a time and streamed: .eml files, directories of
 * them (sorted by name, hidden files skipped), mbox files (recognised by a {@code From } first
 * line), or a template filled in from each row of a recipients file.
 */
final class BulkInput {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");

    private BulkInput() {}

    /** Takes one message: its label, its content (read before returning) and, from a template row, its recipient. */
    interface Sink {
        void accept(String label, InputStream message, Optional<String> recipient) throws IOException;
    }

    static void files(List<Path> sources, Sink sink) throws IOException {
        for (Path source : sources) {
            if (Files.isDirectory(source)) {
                for (Path file : directory(source)) {
                    file(file, sink);
                }
            } else {
                file(source, sink);
            }
        }
    }

    private static List<Path> directory(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }

    private static void file(Path file, Sink sink) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            raw.mark(5);
            byte[] head = raw.readNBytes(5);
            raw.reset();
            if (!MboxReader.looksLikeMbox(head)) {
                sink.accept(file.toString(), raw, Optional.empty());
                return;
            }
            MboxReader mbox = new MboxReader(raw);
            InputStream message;
            int n = 0;
            while ((message = mbox.next()) != null) {
                n++;
                sink.accept(file + "#" + n, message, Optional.empty());
                message.transferTo(java.io.OutputStream.nullOutputStream()); // whatever the sink left unread
            }
        }
    }

    /** The template filled in for each row; a row without a {@code to} or {@code email} field is bad input. */
    static void template(Path template, Path rows, Sink sink) throws IOException {
        List<Object> parts = parts(Files.readString(template, StandardCharsets.UTF_8));
        List<IOException> failure = new ArrayList<>();
        RecipientRows.forEach(rows, row -> {
            if (!failure.isEmpty()) {
                return;
            }
            String recipient = row.recipient();
            if (recipient == null || recipient.isBlank()) {
                throw Failure.badInput(rows + " row " + row.number() + ": no 'to' or 'email' field");
            }
            byte[] filled = fill(parts, row, rows);
            try {
                sink.accept(rows + "#" + row.number(), new ByteArrayInputStream(filled), Optional.of(recipient.strip()));
            } catch (IOException e) {
                failure.add(e);
            }
        });
        if (!failure.isEmpty()) {
            throw failure.getFirst();
        }
    }

    /** A placeholder of the template: the field name as written, and lower-cased for lookup. */
    private record Field(String written, String name) {}

    /**
     * The template cut once into literal text (UTF-8 bytes) and placeholders ({@link Field}): rows
     * are filled by copying bytes, without a regex or a String the size of the message.
     */
    static List<Object> parts(String text) {
        List<Object> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int at = 0;
        while (m.find()) {
            parts.add(text.substring(at, m.start()).getBytes(StandardCharsets.UTF_8));
            parts.add(new Field(m.group(1), m.group(1).toLowerCase(java.util.Locale.ROOT)));
            at = m.end();
        }
        parts.add(text.substring(at).getBytes(StandardCharsets.UTF_8));
        return parts;
    }

    /** {@code {{name}}} replaced by the row's field; a line break in a value could forge headers: refused. */
    static byte[] fill(List<Object> parts, RecipientRows.Row row, Path rows) {
        int size = 0;
        for (Object part : parts) {
            size += part instanceof byte[] b ? b.length : 64;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(size);
        for (Object part : parts) {
            if (part instanceof Field f) {
                String value = row.fields().get(f.name());
                if (value == null) {
                    throw Failure.badInput(rows + " row " + row.number() + ": no field '" + f.name() + "' for {{"
                            + f.written() + "}}");
                }
                if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                    throw Failure.badInput(rows + " row " + row.number() + ": field '" + f.name()
                            + "' holds a line break");
                }
                out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
            } else {
                out.writeBytes((byte[]) part);
            }
        }
        return out.toByteArray();
    }
}
