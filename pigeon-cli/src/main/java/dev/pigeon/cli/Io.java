package dev.pigeon.cli;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * The streams a command talks through, so tests can run commands in-process.
 *
 * @param colour whether {@code out} is a terminal that may get ANSI colours
 */
record Io(PrintStream out, PrintStream err, InputStream in, boolean colour) {

    /** Prints {@code pigeon: message} as one line on standard error. */
    void error(String message) {
        err.println("pigeon: " + Text.oneLine(message));
        err.flush();
    }
}
