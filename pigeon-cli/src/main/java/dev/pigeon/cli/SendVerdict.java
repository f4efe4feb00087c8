package dev.pigeon.cli;

import dev.pigeon.client.RecipientResult;
import dev.pigeon.client.SendResult;
import dev.pigeon.client.SessionException;
import dev.pigeon.client.Stage;
import dev.pigeon.protocol.Reply;
import dev.pigeon.protocol.SmtpProtocolException;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

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
        if (e.possiblyDelivered()) {
            String note = what.contains("may or may not have been delivered") ? ""
                    : "; the message may or may not have been delivered";
            return one(ExitCodes.TEMPFAIL, what + note + " (check before sending again)");
        }
        return switch (cause) {
            case SmtpProtocolException p -> one(ExitCodes.PROTOCOL, "the server broke the SMTP protocol: " + what);
            case SocketTimeoutException t -> one(ExitCodes.TEMPFAIL, what);
            case EOFException eof -> one(ExitCodes.TEMPFAIL, what);
            case null, default -> e.stage() == Stage.CONNECT
                    ? one(ExitCodes.UNAVAILABLE, what)
                    : one(ExitCodes.TEMPFAIL, what);
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
            anyTemporary |= r.reply().isTransient();
        }
        lines.add(anyTemporary
                ? "every recipient was refused, some only for now; nothing was sent, try again later"
                : "every recipient was refused; nothing was sent");
        return new SendVerdict(anyTemporary ? ExitCodes.TEMPFAIL : ExitCodes.NOUSER, lines);
    }

    private static String refusedRecipient(RecipientResult r) {
        return "recipient " + r.recipient() + " refused: " + Text.reply(r.reply());
    }

    private static SendVerdict refused(Stage stage, Reply reply) {
        String what = switch (stage) {
            case GREETING -> "the server refused the connection";
            case HELLO -> "the server refused our HELO/EHLO";
            case MAIL -> "the server refused the sender";
            case DATA -> "the server refused DATA";
            case CONTENT -> "the server refused the message";
            default -> "the server refused at " + stage.cliName();
        };
        if (reply.isTransient()) {
            return one(ExitCodes.TEMPFAIL, what + " for now (try again later): " + Text.reply(reply));
        }
        return one(ExitCodes.UNAVAILABLE, what + ": " + Text.reply(reply));
    }

    private static SendVerdict one(int exitCode, String line) {
        return new SendVerdict(exitCode, List.of(line));
    }
}
