package dev.pigeon.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes pigeon's man page in roff (man(7) macros) from the picocli command tree, so it never
 * drifts from {@code --help}: NAME, SYNOPSIS, DESCRIPTION, one COMMANDS subsection per subcommand
 * with its options, EXIT STATUS and EXAMPLES. All text is escaped: a backslash becomes
 * {@code \e}, a hyphen in an option name {@code \-}, and a line that would start with '.' or
 * '\'' gets a leading {@code \&}, so nothing in a description can act as a roff request.
 */
final class ManPage {
    private final List<String> out = new ArrayList<>();

    private ManPage() {}

    static String of(CommandSpec root) {
        ManPage page = new ManPage();
        page.write(root);
        return String.join("\n", page.out) + "\n";
    }

    private void write(CommandSpec root) {
        String version = root.version().length > 0 ? root.version()[0] : "";
        out.add(".TH PIGEON 1 \"\" " + quoted(version) + " \"User Commands\"");
        out.add(".SH NAME");
        text("pigeon \\- " + escape(firstSentence(root.usageMessage().description())));
        out.add(".SH SYNOPSIS");
        out.add(".B pigeon");
        text("\\fICOMMAND\\fR [\\fIOPTIONS\\fR]");
        out.add(".SH DESCRIPTION");
        paragraphs(root.usageMessage().description());
        out.add(".PP");
        text("Commands: " + escape(String.join(", ", root.subcommands().keySet())) + ".");
        out.add(".SH COMMANDS");
        root.subcommands().values().forEach(sub -> command(sub.getCommandSpec()));
        out.add(".SH EXIT STATUS");
        preformatted(exitTable());
        out.add(".SH EXAMPLES");
        preformatted(examples(root.usageMessage().footer()));
        for (var sub : root.subcommands().values()) {
            List<String> examples = examples(sub.getCommandSpec().usageMessage().footer());
            if (!examples.isEmpty()) {
                preformatted(examples);
            }
        }
        out.add(".SH FILES");
        out.add(".TP");
        text("\\fI$XDG_CONFIG_HOME/pigeon/config.toml\\fR (default \\fI~/.config/pigeon/config.toml\\fR)");
        text("Accounts for \\fBsend\\fR and \\fBsendmail\\fR (see \\fB\\-\\-config\\fR, \\fB\\-\\-account\\fR).");
        out.add(".TP");
        text("\\fI~/.msmtprc\\fR");
        text("Read with \\fB\\-\\-msmtprc\\fR.");
    }

    private void command(CommandSpec spec) {
        out.add(".SS " + escape(spec.qualifiedName()));
        String[] header = spec.usageMessage().header();
        if (header.length > 0) {
            text(escape(String.join(" ", header)));
        }
        out.add(".PP");
        text(synopsis(spec));
        paragraphs(spec.usageMessage().description());
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                out.add(".TP");
                text("\\fI" + escape(p.paramLabel()) + "\\fR");
                text(escape(description(p)));
            }
        }
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            out.add(".TP");
            String names = String.join(", ", java.util.Arrays.stream(o.names()).map(n -> "\\fB" + option(n) + "\\fR").toList());
            text(names + (o.arity().max() > 0 ? " \\fI" + escape(o.paramLabel()) + "\\fR" : ""));
            text(escape(description(o)));
        }
        List<String> notes = footerNotes(spec.usageMessage().footer());
        if (!notes.isEmpty()) {
            out.add(".PP");
            preformatted(notes);
        }
    }

    private static String synopsis(CommandSpec spec) {
        String[] custom = spec.usageMessage().customSynopsis();
        if (custom.length > 0) {
            return escape(String.join(" ", custom).strip());
        }
        StringBuilder s = new StringBuilder("\\fB" + escape(spec.qualifiedName()) + "\\fR [\\fIOPTIONS\\fR]");
        for (PositionalParamSpec p : spec.positionalParameters()) {
            s.append(" [\\fI").append(escape(p.paramLabel())).append("\\fR...]");
        }
        return s.toString();
    }

    /** The description with picocli's variables filled in, as --help shows it. */
    private static String description(ArgSpec arg) {
        String d = String.join(" ", arg.description());
        String def = arg.defaultValue() == null ? "" : arg.defaultValue();
        return d.replace("${DEFAULT-VALUE}", def).replace("%n", " ").replace("%%", "%");
    }

    private void paragraphs(String[] lines) {
        StringBuilder paragraph = new StringBuilder();
        for (String line : lines) {
            if (line.isBlank()) {
                flush(paragraph);
            } else {
                paragraph.append(paragraph.isEmpty() ? "" : " ").append(line.replace("%n", " "));
            }
        }
        flush(paragraph);
    }

    private void flush(StringBuilder paragraph) {
        if (!paragraph.isEmpty()) {
            out.add(".PP");
            text(escape(paragraph.toString()));
            paragraph.setLength(0);
        }
    }

    private void preformatted(List<String> lines) {
        out.add(".nf");
        out.add(".RS 4");
        lines.forEach(l -> text(escape(l)));
        out.add(".RE");
        out.add(".fi");
    }

    /** Adds a text line; {@code \&} first if it would otherwise start with a control character. */
    private void text(String line) {
        out.add(line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line);
    }

    /** Footer lines before the examples and the exit table: notes that belong to the command. */
    private static List<String> footerNotes(String[] footer) {
        List<String> notes = new ArrayList<>();
        boolean inExamples = false;
        for (String line : footer) {
            if (line.startsWith("Exit status:")) {
                break;
            }
            if (line.startsWith("Examples:")) {
                inExamples = true;
            } else if (line.isBlank()) {
                inExamples = false;
            } else if (!inExamples) {
                notes.add(line);
            }
        }
        return notes;
    }

    private static List<String> examples(String[] footer) {
        List<String> examples = new ArrayList<>();
        boolean in = false;
        for (String line : footer) {
            if (line.startsWith("Examples:")) {
                in = true;
            } else if (in && line.isBlank()) {
                break;
            } else if (in) {
                examples.add(line);
            }
        }
        return examples;
    }

    private static List<String> exitTable() {
        List<String> lines = new ArrayList<>();
        for (String line : ExitCodes.TABLE) {
            if (!line.isBlank() && !line.startsWith("Exit status:")) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static String firstSentence(String[] description) {
        String all = String.join(" ", description).strip();
        int colon = all.indexOf(':');
        int stop = all.indexOf(". ");
        int end = colon > 0 && (stop < 0 || colon < stop) ? colon : stop;
        String first = end > 0 ? all.substring(0, end) : all;
        return first.isEmpty() ? first : first.substring(0, 1).toLowerCase(Locale.ROOT) + first.substring(1);
    }

    /** An option name in bold-ready form: every hyphen as {@code \-} so man renders a real minus. */
    private static String option(String name) {
        return escape(name).replace("-", "\\-");
    }

    /** Escapes text for roff: backslash as {@code \e}. */
    static String escape(String text) {
        return text.replace("\\", "\\e");
    }

    private static String quoted(String text) {
        return "\"" + escape(text).replace("\"", "\\(dq") + "\"";
    }
}
