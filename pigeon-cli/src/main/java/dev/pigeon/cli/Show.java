package dev.pigeon.cli;

/** How much of the dialogue goes to standard output ({@code --show}). */
enum Show {
    /** The whole transcript: connection notes, client and server lines, errors. */
    ALL,
    /** Only the server's reply lines, exactly as received (escaped), without prefixes. */
    SERVER,
    /** Nothing; errors still go to standard error. */
    NONE
}
