package dev.pigeon.cli.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One table of a TOML file: its dotted name ({@code []} for the root), the line of its header,
 * and its key/value pairs in file order.
 */
public record TomlTable(List<String> name, int line, Map<String, TomlValue> values) {
    public TomlTable {
        name = List.copyOf(name);
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The name as written in a header: {@code account.work}. */
    public String displayName() {
        return String.join(".", name);
    }
}
