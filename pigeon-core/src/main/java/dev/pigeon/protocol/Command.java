package dev.pigeon.protocol;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An SMTP command as a value. Each record validates its arguments, so a command that exists can be
 * encoded safely; {@link CommandEncoder} turns it into wire bytes, {@link CommandParser} reads one.
 */
public sealed interface Command {

    /** The command verb, as sent (upper case). */
    String verb();

    /** The command line without CRLF, as it goes on the wire; just the verb unless it has arguments. */
    default String line() {
        return verb();
    }

    /**
     * The line as a transcript or listener may show it: the same as {@link #line()} except for
     * commands that carry secrets ({@link Auth}), whose secret part is masked.
     */
    default String displayLine() {
        return line();
    }

    record Helo(String domain) implements Command {
        public Helo {
            requireArgument("HELO domain", domain);
        }

        public String verb() {
            return "HELO";
        }

        public String line() {
            return "HELO " + domain;
        }
    }

    record Ehlo(String domain) implements Command {
        public Ehlo {
            requireArgument("EHLO domain", domain);
        }

        public String verb() {
            return "EHLO";
        }

        public String line() {
            return "EHLO " + domain;
        }
    }

    /** LHLO (RFC 2033): LMTP's EHLO, with the same argument and the same kind of reply. */
    record Lhlo(String domain) implements Command {
        public Lhlo {
            requireArgument("LHLO domain", domain);
        }

        public String verb() {
            return "LHLO";
        }

        public String line() {
            return "LHLO " + domain;
        }
    }

    record Mail(Mailbox reversePath, List<EsmtpParameter> parameters) implements Command {
        public Mail {
            parameters = List.copyOf(parameters);
        }

        public Mail(Mailbox reversePath) {
            this(reversePath, List.of());
        }

        public String verb() {
            return "MAIL";
        }

        public String line() {
            return "MAIL FROM:" + reversePath.toPath() + joined(parameters);
        }
    }

    record Rcpt(Mailbox forwardPath, List<EsmtpParameter> parameters) implements Command {
        public Rcpt {
            if (forwardPath.isNull()) {
                throw new IllegalArgumentException("RCPT TO needs a mailbox, not <>");
            }
            parameters = List.copyOf(parameters);
        }

        public Rcpt(Mailbox forwardPath) {
            this(forwardPath, List.of());
        }

        public String verb() {
            return "RCPT";
        }

        public String line() {
            return "RCPT TO:" + forwardPath.toPath() + joined(parameters);
        }
    }

    record Data() implements Command {
        public String verb() {
            return "DATA";
        }
    }

    record Rset() implements Command {
        public String verb() {
            return "RSET";
        }
    }

    record Noop() implements Command {
        public String verb() {
            return "NOOP";
        }
    }

    record Quit() implements Command {
        public String verb() {
            return "QUIT";
        }
    }

    record Vrfy(String argument) implements Command {
        public Vrfy {
            requireArgument("VRFY argument", argument);
        }

        public String verb() {
            return "VRFY";
        }

        public String line() {
            return "VRFY " + argument;
        }
    }

    /** STARTTLS (RFC 3207); takes no argument. */
    record StartTls() implements Command {
        public String verb() {
            return "STARTTLS";
        }
    }

    /**
     * AUTH (RFC 4954) with an optional initial response, already base64 ({@code =} for an empty
     * one). {@link #line()} carries the secret for the wire; {@link #displayLine()} masks it and
     * {@link #toString()} never shows it.
     */
    record Auth(String mechanism, Optional<String> initialResponse) implements Command {
        /** What replaces the initial response in {@link #displayLine()}. */
        public static final String MASK = "****";

        public Auth {
            requireArgument("AUTH mechanism", mechanism);
            mechanism = mechanism.toUpperCase(Locale.ROOT);
            initialResponse.ifPresent(r -> requireArgument("AUTH initial response", r));
        }

        public Auth(String mechanism) {
            this(mechanism, Optional.empty());
        }

        public String verb() {
            return "AUTH";
        }

        public String line() {
            return initialResponse.map(r -> "AUTH " + mechanism + " " + r).orElse("AUTH " + mechanism);
        }

        @Override
        public String displayLine() {
            return initialResponse.isPresent() ? "AUTH " + mechanism + " " + MASK : "AUTH " + mechanism;
        }

        @Override
        public String toString() {
            return "Auth[" + displayLine() + "]";
        }
    }

    /**
     * BDAT (RFC 3030): exactly {@code size} octets of content follow the line, with no stuffing and
     * no terminator; {@code last} marks the final chunk of the message.
     */
    record Bdat(long size, boolean last) implements Command {
        public Bdat {
            if (size < 0) {
                throw new IllegalArgumentException("BDAT chunk size is negative: " + size);
            }
        }

        public String verb() {
            return "BDAT";
        }

        public String line() {
            return last ? "BDAT " + size + " LAST" : "BDAT " + size;
        }
    }

    /** A verb the parser does not know; the server answers it with 500/502. */
    record Unknown(String verb, String argument) implements Command {
        public String line() {
            return argument.isEmpty() ? verb : verb + " " + argument;
        }
    }

    private static void requireArgument(String what, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        WireText.requireNoControls(what, value);
        if (value.indexOf(' ') >= 0) {
            throw new IllegalArgumentException(what + " contains a space");
        }
    }

    private static String joined(List<EsmtpParameter> parameters) {
        StringBuilder sb = new StringBuilder();
        for (EsmtpParameter p : parameters) {
            sb.append(' ').append(p);
        }
        return sb.toString();
    }
}
