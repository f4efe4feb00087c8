package dev.pigeon.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads one SMTP command line, as a server receives it, into a {@link Command}.
 *
 * <p>Input is the line without its CRLF, decoded from the wire bytes as UTF-8 (the server refuses
 * lines that are not valid UTF-8 before they get here; RFC 6531 addresses then parse as they
 * are). Verbs are case-insensitive. A line that breaks the syntax is not an exception but a
 * {@link Result.Invalid} carrying the reply to send, so the session just writes it.
 *
 * <p>Paths: {@code MAIL FROM:<a@b>} as RFC 5321 writes it, and, as Postfix does, also
 * {@code MAIL FROM: <a@b>} (spaces after the colon) and the bracketless {@code MAIL FROM: a@b}
 * that old clients and classic lab dialogues send. A source route ({@code <@x,@y:a@b>}) is
 * dropped, as RFC 5321 4.1.1.3 asks of receivers. {@code RCPT TO:<postmaster>} without a domain
 * is refused (501): a {@link Mailbox} always has a domain. {@code AUTH} takes a mechanism name and
 * an optional initial response, both single words; whether the mechanism is known and the
 * response is base64 is for the server to judge (504, 501). Verbs without a {@link Command}
 * record (EXPN, LHLO, HELP ...) come back as {@link Command.Unknown} with the verb in upper case;
 * the server decides between 500 and 502.
 */
public final class CommandParser {

    /** What parsing one line gave: a command, or the reply that refuses the line. */
    public sealed interface Result {
        record Parsed(Command command) implements Result {}

        record Invalid(Reply reply) implements Result {}
    }

    private CommandParser() {}

    public static Result parse(String line) {
        if (line.isBlank()) {
            return invalid(500, "5.5.2 Empty command line");
        }
        int control = WireText.firstControl(line);
        if (control >= 0) {
            return invalid(500, "5.5.2 Control character in command line");
        }
        int space = line.indexOf(' ');
        String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String argument = space < 0 ? "" : line.substring(space + 1).strip();
        return switch (verb) {
            case "HELO" -> hello(verb, argument);
            case "EHLO" -> hello(verb, argument);
            case "MAIL" -> mail(argument);
            case "RCPT" -> rcpt(argument);
            case "DATA" -> noArgument(new Command.Data(), argument);
            case "RSET" -> noArgument(new Command.Rset(), argument);
            case "QUIT" -> noArgument(new Command.Quit(), argument);
            case "NOOP" -> parsed(new Command.Noop()); // RFC 5321 4.1.1.9: a NOOP argument is ignored
            case "VRFY" -> vrfy(argument);
            case "STARTTLS" -> noArgument(new Command.StartTls(), argument);
            case "AUTH" -> auth(argument);
            default -> parsed(new Command.Unknown(verb, argument));
        };
    }

    /** HELO/EHLO take one domain or address literal; further words are ignored, as Postfix does. */
    private static Result hello(String verb, String argument) {
        if (argument.isEmpty()) {
            return invalid(501, "5.5.4 Syntax: " + verb + " hostname");
        }
        String domain = firstWord(argument);
        return parsed(verb.equals("HELO") ? new Command.Helo(domain) : new Command.Ehlo(domain));
    }

    private static Result mail(String argument) {
        Optional<String> rest = afterKeyword(argument, "FROM:");
        if (rest.isEmpty()) {
            return invalid(501, "5.5.4 Syntax: MAIL FROM:<address>");
        }
        PathAndParameters pp = split(rest.get());
        if (pp == null) {
            return invalid(501, "5.1.7 Bad sender address syntax");
        }
        Mailbox from;
        try {
            from = Mailbox.parse(pp.path());
        } catch (IllegalArgumentException e) {
            return invalid(501, "5.1.7 Bad sender address syntax");
        }
        return withParameters(pp.parameters(), params -> new Command.Mail(from, params));
    }

    private static Result rcpt(String argument) {
        Optional<String> rest = afterKeyword(argument, "TO:");
        if (rest.isEmpty()) {
            return invalid(501, "5.5.4 Syntax: RCPT TO:<address>");
        }
        PathAndParameters pp = split(rest.get());
        if (pp == null) {
            return invalid(501, "5.1.3 Bad recipient address syntax");
        }
        Mailbox to;
        try {
            to = Mailbox.parse(pp.path());
        } catch (IllegalArgumentException e) {
            return invalid(501, "5.1.3 Bad recipient address syntax");
        }
        if (to.isNull()) {
            return invalid(501, "5.1.3 Bad recipient address syntax");
        }
        return withParameters(pp.parameters(), params -> new Command.Rcpt(to, params));
    }

    private static Result vrfy(String argument) {
        if (argument.isEmpty()) {
            return invalid(501, "5.5.4 Syntax: VRFY address");
        }
        // The Vrfy record refuses spaces; VRFY "John Smith" still gets its 252 through the first word.
        return parsed(new Command.Vrfy(firstWord(argument)));
    }

    /** {@code AUTH mechanism [initial-response]} (RFC 4954); the mechanism as RFC 4422 spells names. */
    private static Result auth(String argument) {
        String[] words = argument.isEmpty() ? new String[0] : argument.split(" +");
        if (words.length < 1 || words.length > 2) {
            return invalid(501, "5.5.4 Syntax: AUTH mechanism [initial-response]");
        }
        if (!words[0].matches("[A-Za-z0-9_-]{1,20}")) {
            return invalid(501, "5.5.4 Bad mechanism name");
        }
        return parsed(words.length == 2
                ? new Command.Auth(words[0], java.util.Optional.of(words[1]))
                : new Command.Auth(words[0]));
    }

    private static Result noArgument(Command command, String argument) {
        if (!argument.isEmpty()) {
            return invalid(501, "5.5.4 Syntax: " + command.verb() + " takes no argument");
        }
        return parsed(command);
    }

    /** The text after {@code FROM:} or {@code TO:} (case-insensitive), leading spaces dropped. */
    private static Optional<String> afterKeyword(String argument, String keyword) {
        if (argument.length() < keyword.length()
                || !argument.regionMatches(true, 0, keyword, 0, keyword.length())) {
            return Optional.empty();
        }
        String rest = argument.substring(keyword.length()).stripLeading();
        return rest.isEmpty() ? Optional.empty() : Optional.of(rest);
    }

    private record PathAndParameters(String path, List<String> parameters) {}

    /** Splits {@code <path> params} or {@code path params}; null when the brackets do not close. */
    private static PathAndParameters split(String text) {
        int end;
        String path;
        if (text.startsWith("<")) {
            end = closingBracket(text);
            if (end < 0) {
                return null;
            }
            path = withoutSourceRoute(text.substring(0, end + 1));
            end++;
        } else {
            end = text.indexOf(' ');
            end = end < 0 ? text.length() : end;
            path = text.substring(0, end);
        }
        String rest = text.substring(end);
        if (!rest.isEmpty() && !rest.startsWith(" ")) {
            return null; // "<a@b>junk"
        }
        List<String> words = new ArrayList<>();
        for (String w : rest.strip().split(" +")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return new PathAndParameters(path, words);
    }

    /** Index of the '>' that closes the path, skipping quoted strings of the local part. */
    private static int closingBracket(String text) {
        boolean quoted = false;
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    /** {@code <@a,@b:user@d>} becomes {@code <user@d>}. */
    private static String withoutSourceRoute(String path) {
        if (path.startsWith("<@")) {
            int colon = path.indexOf(':');
            if (colon > 0) {
                return "<" + path.substring(colon + 1);
            }
        }
        return path;
    }

    private static Result withParameters(List<String> words,
                                         java.util.function.Function<List<EsmtpParameter>, Command> make) {
        List<EsmtpParameter> params = new ArrayList<>(words.size());
        for (String w : words) {
            int eq = w.indexOf('=');
            try {
                params.add(eq < 0 ? EsmtpParameter.of(w) : EsmtpParameter.of(w.substring(0, eq), w.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                return invalid(501, "5.5.4 Bad parameter syntax");
            }
        }
        return parsed(make.apply(params));
    }

    private static String firstWord(String argument) {
        int space = argument.indexOf(' ');
        return space < 0 ? argument : argument.substring(0, space);
    }

    private static Result parsed(Command command) {
        return new Result.Parsed(command);
    }

    private static Result invalid(int code, String text) {
        return new Result.Invalid(Reply.of(code, text));
    }
}
