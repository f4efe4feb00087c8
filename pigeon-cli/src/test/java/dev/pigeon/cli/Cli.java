package dev.pigeon.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs pigeon in-process with captured streams, as a user would from a shell. */
final class Cli {
    private Cli() {}

    /** What one run printed and returned; {@code outBytes} is stdout exactly as written. */
    record Run(int exitCode, String out, String err, byte[] outBytes) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Run run(String... args) {
        return runWithInput(new byte[0], args);
    }

    static Run runWithInput(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, o, e, new ByteArrayInputStream(stdin));
        }
        byte[] bytes = out.toByteArray();
        return new Run(code, new String(bytes, StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), bytes);
    }
}
