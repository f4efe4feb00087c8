package dev.pigeon.cli;

/**
 * A failure a command reports as one line on standard error and an exit status; thrown from a
 * command and turned into output by {@link Main}'s execution-exception handler.
 */
final class Failure extends RuntimeException {
    private final int exitCode;

    Failure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }

    static Failure usage(String message) {
        return new Failure(ExitCodes.USAGE, message);
    }

    static Failure badInput(String message) {
        return new Failure(ExitCodes.DATAERR, message);
    }
}
