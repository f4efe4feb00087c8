package dev.pigeon.cli.config;

/**
 * A configuration file that cannot be used: unreadable, malformed or with a value that makes no
 * sense. The message names the file and, where there is one, the line: {@code FILE:LINE: what}.
 */
public final class ConfigException extends Exception {
    private final String file;
    private final int line;

    public ConfigException(String file, int line, String message) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message, null, false, false);
        this.file = file;
        this.line = line;
    }

    /** The file as the user named it (or the default path). */
    public String file() {
        return file;
    }

    /** The 1-based line, or 0 when the problem is the whole file. */
    public int line() {
        return line;
    }
}
