package dev.pigeon.cli;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import picocli.CommandLine;

/** The entry point: builds the command tree and runs it; only {@link #main} exits the JVM. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.in));
    }

    /**
     * Runs one command line against the given streams and returns its exit status (see
     * {@link ExitCodes}). Never calls {@code System.exit}; never lets a stack trace out.
     */
    public static int run(String[] args, PrintStream out, PrintStream err, InputStream in) {
        Io io = new Io(out, err, in, out == System.out && colourTerminal());
        // The launcher's AOT training run asks for every command, so that all their classes are cached.
        String first = args.length == 0 || Boolean.getBoolean("pigeon.allCommands") ? "" : args[0];
        return commandLine(io, first).execute(args);
    }

    /** The whole command tree (help, completion and man pages need every command). */
    static CommandLine commandLine(Io io) {
        return commandLine(io, "");
    }

    /**
     * The command tree for a command line whose first word is {@code first}: only that
     * subcommand when it names one that runs something (picocli builds each command's model by
     * reflection at start-up, about a millisecond per option: a one-off {@code send} need not pay
     * for {@code bulk}'s and {@code serve}'s), else every command.
     */
    static CommandLine commandLine(Io io, String first) {
        CommandLine cl = new CommandLine(new PigeonCommand());
        Object only = switch (first) {
            case "send" -> new SendCommand(io);
            case "demo" -> new DemoCommand(io);
            case "serve" -> new ServeCommand(io);
            case "sendmail" -> new SendmailCommand(io);
            case "bulk" -> new BulkCommand(io);
            default -> null;
        };
        if (only != null) {
            cl.addSubcommand(only);
        } else {
            cl.addSubcommand(new SendCommand(io))
                    .addSubcommand(new DemoCommand(io))
                    .addSubcommand(new ServeCommand(io))
                    .addSubcommand(new SendmailCommand(io))
                    .addSubcommand(new BulkCommand(io))
                    .addSubcommand(new CompletionCommand(io))
                    .addSubcommand(new ManCommand(io));
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExpandAtFiles(false); // --body @FILE is ours; picocli must not read it as an argument file
        cl.setOverwrittenOptionsAllowed(true); // the last --port (etc.) wins, as in most tools
        withExitStatusTable(cl);
        for (String name : new String[] {"send", "sendmail"}) {
            CommandLine sub = cl.getSubcommands().get(name);
            if (sub != null) {
                withExitStatusTable(sub);
            }
        }
        cl.setOut(new PrintWriter(io.out(), true));
        cl.setErr(new PrintWriter(io.err(), true));
        cl.setExitCodeExceptionMapper(new ExitCodes());
        cl.setParameterExceptionHandler((e, args) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            io.error(e.getMessage() + " (see '" + command + " --help')");
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof Failure f) {
                io.error(f.getMessage());
                return f.exitCode();
            }
            io.error("internal error: " + e);
            return ExitCodes.SOFTWARE;
        });
        return cl;
    }

    /** Appends the exit-status table to a command's help footer (annotations cannot share an array). */
    private static void withExitStatusTable(CommandLine cl) {
        var usage = cl.getCommandSpec().usageMessage();
        String[] footer = usage.footer();
        String[] all = java.util.Arrays.copyOf(footer, footer.length + ExitCodes.TABLE.length);
        System.arraycopy(ExitCodes.TABLE, 0, all, footer.length, ExitCodes.TABLE.length);
        usage.footer(all);
    }

    /** Colour only on a terminal, and never when NO_COLOR is set to anything (no-color.org). */
    private static boolean colourTerminal() {
        String noColor = System.getenv("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return false;
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // JDK 22+ returns a Console even when redirected; isTerminal() tells the truth there.
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a non-null console is a terminal
        }
    }
}
