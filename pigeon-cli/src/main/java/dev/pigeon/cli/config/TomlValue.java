package dev.pigeon.cli.config;

/**
 * One value of a TOML file with the line it was on, so a later check can name the line.
 *
 * @param value a {@link String}, {@link Long} or {@link Boolean}
 */
public record TomlValue(Object value, int line) {
    /** The TOML type name, for error messages. */
    public String typeName() {
        return switch (value) {
            case String s -> "a string";
            case Long l -> "an integer";
            case Boolean b -> "a boolean";
            default -> "a value";
        };
    }
}
