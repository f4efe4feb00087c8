package dev.pigeon.cli;

import dev.pigeon.client.RecipientResult;
import dev.pigeon.client.SecurityStop;
import dev.pigeon.client.SendResult;
import dev.pigeon.client.SessionException;
import dev.pigeon.client.Stage;
import dev.pigeon.protocol.Reply;
import dev.pigeon.protocol.SmtpProtocolException;
import dev.pigeon.tls.CertificateFailure;
import dev.pigeon.transport.DataAfterStartTlsException;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * What a send means for the user: the exit status and the lines for standard error (each already
 * one line, peer text escaped), decided from a {@link SendResult} or a {@link SessionException}.
 */
record SendVerdict(int exitCode, List<String> errors) {

    SendVerdict {
        errors = List.copyOf(errors);
    }

    static SendVerdict of(SendResult result, boolean strictRecipients) {
        return switch (result.outcome()) {
            case DELIVERED, STOPPED -> new SendVerdict(ExitCodes.OK, List.of());
            case PARTIALLY_DELIVERED -> partial(result, strictRecipients);
            case ALL_RECIPIENTS_REFUSED -> allRefused(result);
            case REFUSED -> refused(result.stage(), result.refusal().orElseThrow());
        };
    }

    static SendVerdict of(SessionException e) {
        IOException cause = e.getCause();
        String what = Text.oneLine(e.getMessage());
        if (e instanceof SecurityStop stop) {
            return one(stop.reason() == SecurityStop.Reason.AUTHENTICATION_FAILED ? ExitCodes.NOPERM
                    : ExitCodes.UNAVAILABLE, what + hint(stop.reason()));
        }
        if (e instanceof dev.pigeon.client.ExtensionStop stop) {
            return one(ExtensionOptions.exitCode(stop), what);
        }
        if (e.stage() == Stage.TLS && cause instanceof SSLException tls) {
            return CertificateFailure.of(tls).isPresent()
                    ? one(ExitCodes.NOPERM, what)
                    : one(ExitCodes.UNAVAILABLE, what + " (see --tls-protocols, or --no-tls)");
        }
        if (e.possiblyDelivered()) {
            String note = what.contains("may or may not have been delivered") ? ""
                    : "; the message may or may not have been delivered";
            return one(ExitCodes.TEMPFAIL, what + note + " (check before sending again)");
        }
        return switch (cause) {
            case DataAfterStartTlsException d -> one(ExitCodes.PROTOCOL, what + "; stopped before TLS");
            case SmtpProtocolException p -> one(ExitCodes.PROTOCOL, "the server broke the SMTP protocol: " + what);
            case SocketTimeoutException t -> one(ExitCodes.TEMPFAIL, what);
            case EOFException eof -> one(ExitCodes.TEMPFAIL, what);
            case null, default -> e.stage() == Stage.CONNECT
                    ? one(ExitCodes.UNAVAILABLE, what)
                    : one(ExitCodes.TEMPFAIL, what);
        };
    }

    /** The option that would change a security stop, if any. */
    private static String hint(SecurityStop.Reason reason) {
        return switch (reason) {
            case STARTTLS_NOT_OFFERED -> " (--tls-optional would go on without TLS)";
            case CREDENTIALS_NEED_TLS -> " (--auth-plaintext allows it)";
            case NO_COMMON_MECHANISM -> " (see --auth MECH)";
            case AUTH_NOT_OFFERED, AUTHENTICATION_FAILED -> "";
        };
    }

    private static SendVerdict partial(SendResult result, boolean strict) {
        List<String> lines = new ArrayList<>();
        for (RecipientResult r : result.refusedRecipients()) {
            lines.add(refusedRecipient(r));
        }
        if (strict) {
            lines.add("the message was delivered to " + result.acceptedRecipients().size() + " of "
                    + result.recipients().size() + " recipients (--strict-recipients)");
            return new SendVerdict(ExitCodes.NOUSER, lines);
        }
        return new SendVerdict(ExitCodes.OK, lines);
    }

    private static SendVerdict allRefused(SendResult result) {
        List<String> lines = new ArrayList<>();
        boolean anyTemporary = false;
        for (RecipientResult r : result.recipients()) {
            lines.add(refusedRecipient(r));
            anyTemporary |= r.decidingReply().isTransient();
        }
        // LMTP: the message went, then every recipient's own reply refused it (stage CONTENT).
        String fate = result.stage() == Stage.CONTENT ? "the message was delivered to none" : "nothing was sent";
        lines.add(anyTemporary
                ? "every recipient was refused, some only for now; " + fate + ", try again later"
                : "every recipient was refused; " + fate);
        return new SendVerdict(anyTemporary ? ExitCodes.TEMPFAIL : ExitCodes.NOUSER, lines);
    }

    private static String refusedRecipient(RecipientResult r) {
        return "recipient " + r.recipient() + " refused" + (r.deliveryReply().isPresent() ? " after the data: " : ": ")
                + Text.explainedReply(r.decidingReply());
    }

    private static SendVerdict refused(Stage stage, Reply reply) {
        String what = switch (stage) {
            case GREETING -> "the server refused the connection";
            case HELLO -> "the server refused our HELO/EHLO";
            case TLS -> "the server refused STARTTLS";
            case AUTH -> "authentication failed";
            case MAIL -> "the server refused the sender";
            case DATA -> "the server refused DATA";
            case CONTENT -> "the server refused the message";
            default -> "the server refused at " + stage.cliName();
        };
        if (reply.isTransient()) {
            return one(ExitCodes.TEMPFAIL, what + " for now (try again later): " + Text.reply(reply));
        }
        if (stage == Stage.AUTH && !unsupported(reply)) {
            return one(ExitCodes.NOPERM, what + ": " + Text.reply(reply));
        }
        return one(ExitCodes.UNAVAILABLE, what + ": " + Text.reply(reply));
    }

    /** 500, 502, 504: the server does not know the command or the mechanism; not a verdict on the credentials. */
    private static boolean unsupported(Reply reply) {
        return reply.code() == 500 || reply.code() == 502 || reply.code() == 504;
    }

    private static SendVerdict one(int exitCode, String line) {
        return new SendVerdict(exitCode, List.of(line));
    }
}
