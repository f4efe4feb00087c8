package dev.pigeon.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * Fetches the AUTH secret from the one source the user named. Never prints it; error messages
 * name the source, not the value.
 */
final class SecretSource {
    /** How long {@code --auth-password-cmd} may take (a password manager may ask for a PIN). */
    static final Duration COMMAND_DEADLINE = Duration.ofSeconds(60);

    private SecretSource() {}

    static char[] read(AuthOptions.Secret secret, String user, String server, PrintStream warnings,
                       UnaryOperator<String> env) {
        if (secret == null) {
            return prompt(user, server);
        }
        if (secret.value != null) {
            warnings.println("pigeon: warning: --auth-password shows the password in the process list;"
                    + " prefer --auth-password-env, --auth-password-file or --auth-password-cmd");
            warnings.flush();
            return nonEmpty("--auth-password", secret.value);
        }
        if (secret.env != null) {
            String value = env.apply(secret.env);
            if (value == null) {
                throw Failure.usage("--auth-password-env " + Text.oneLine(secret.env) + ": no such environment variable");
            }
            return nonEmpty("--auth-password-env " + Text.oneLine(secret.env), value);
        }
        if (secret.file != null) {
            return nonEmpty("--auth-password-file", firstLine(secret.file));
        }
        return nonEmpty("--auth-password-cmd", command(secret.command, COMMAND_DEADLINE));
    }

    private static char[] prompt(String user, String server) {
        Console console = terminal();
        if (console == null) {
            throw Failure.usage("--auth needs a password: use --auth-password-env VAR, --auth-password-file FILE"
                    + " or --auth-password-cmd COMMAND (standard input is not a terminal to ask on)");
        }
        char[] value = console.readPassword("Password for %s at %s: ", Text.oneLine(user), Text.oneLine(server));
        if (value == null || value.length == 0) {
            throw Failure.usage("no password given");
        }
        return value;
    }

    /** The console when it really is a terminal (JDK 22+ returns one even when redirected). */
    private static Console terminal() {
        Console console = System.console();
        if (console == null) {
            return null;
        }
        try {
            Object isTerminal = Console.class.getMethod("isTerminal").invoke(console);
            return Boolean.TRUE.equals(isTerminal) ? console : null;
        } catch (ReflectiveOperationException e) {
            return console; // JDK 21: a non-null console is a terminal
        }
    }

    private static String firstLine(String file) {
        try (BufferedReader r = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            String line = r.readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            throw Failure.badInput("--auth-password-file " + Text.oneLine(file) + ": cannot read: " + e.getMessage());
        }
    }

    /** Runs {@code sh -c command}; the first line of its output, within the deadline. */
    static String command(String command, Duration deadline) {
        Process process;
        try {
            process = new ProcessBuilder("sh", "-c", command)
                    .redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw Failure.badInput("--auth-password-cmd: cannot run sh: " + e.getMessage());
        }
        FutureTask<String> reading = new FutureTask<>(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line = r.readLine();
                while (r.read() >= 0) {
                    // drain, so the command never blocks on a full pipe
                }
                return line == null ? "" : line;
            }
        });
        Thread.ofVirtual().name("pigeon-password-cmd").start(reading);
        long start = System.nanoTime();
        try {
            String line = reading.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
            long left = deadline.toNanos() - (System.nanoTime() - start);
            if (!process.waitFor(Math.max(1, left), TimeUnit.NANOSECONDS)) {
                throw new TimeoutException();
            }
            if (process.exitValue() != 0) {
                throw Failure.badInput("--auth-password-cmd failed (exit status " + process.exitValue() + ")");
            }
            return line;
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw Failure.badInput("--auth-password-cmd gave no password within " + deadline.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw Failure.badInput("--auth-password-cmd: cannot read its output: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw Failure.badInput("--auth-password-cmd interrupted");
        }
    }

    private static char[] nonEmpty(String source, String value) {
        String v = value.endsWith("\r") ? value.substring(0, value.length() - 1) : value;
        if (v.isEmpty()) {
            throw Failure.usage(source + ": the password is empty");
        }
        return v.toCharArray();
    }
}
