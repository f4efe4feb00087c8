package dev.pigeon.outbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NavigableMap;
import java.util.TreeMap;

/** The spool's numbered files ({@code 00000001.log}, {@code 00000002.seg}...): named, and listed in order. */
final class NumberedFiles {
    private NumberedFiles() {}

    static Path path(Path directory, long number, String suffix) {
        return directory.resolve(String.format("%08d%s", number, suffix));
    }

    /** The files of {@code directory} named a number and {@code suffix}, by number; other files are not the spool's. */
    static NavigableMap<Long, Path> list(Path directory, String suffix) throws IOException {
        NavigableMap<Long, Path> out = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + suffix)) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                try {
                    out.put(Long.parseLong(name.substring(0, name.length() - suffix.length())), p);
                } catch (NumberFormatException ignored) {
                    // not ours
                }
            }
        }
        return out;
    }
}
