package dev.pigeon.server;

import dev.pigeon.auth.SaslBase64;
import dev.pigeon.auth.Step;
import dev.pigeon.protocol.Reply;
import java.util.ArrayList;
import java.util.List;

/** Every reply text the server sends, in one place (SubEthaSMTP scattered them; we do not). */
final class Replies {
    private Replies() {}

    static final Reply OK = Reply.of(250, "2.0.0 OK");
    static final Reply SENDER_OK = Reply.of(250, "2.1.0 Sender OK");
    static final Reply RECIPIENT_OK = Reply.of(250, "2.1.5 Recipient OK");
    static final Reply START_DATA = Reply.of(354, "End data with <CR><LF>.<CR><LF>");
    static final Reply CANNOT_VRFY = Reply.of(252, "2.1.5 Cannot VRFY user, but will accept message and attempt delivery");

    static final Reply HELLO_FIRST = Reply.of(503, "5.5.1 Send HELO or EHLO first");
    static final Reply NESTED_MAIL = Reply.of(503, "5.5.1 Sender already given (RSET to start over)");
    static final Reply MAIL_FIRST = Reply.of(503, "5.5.1 Need MAIL before RCPT");
    static final Reply MAIL_FIRST_DATA = Reply.of(503, "5.5.1 Need MAIL and RCPT before DATA");
    static final Reply NO_VALID_RECIPIENTS = Reply.of(554, "5.5.1 No valid recipients");
    static final Reply TOO_MANY_RECIPIENTS = Reply.of(452, "4.5.3 Too many recipients");
    static final Reply MESSAGE_TOO_BIG = Reply.of(552, "5.3.4 Message size exceeds fixed maximum message size");
    static final Reply BAD_SIZE = Reply.of(501, "5.5.4 Bad SIZE parameter");
    static final Reply BAD_BODY = Reply.of(501, "5.5.4 BODY must be 7BIT or 8BITMIME");
    static final Reply UNSUPPORTED_PARAMETER = Reply.of(555, "5.5.4 Unsupported parameter");
    static final Reply NOT_RECOGNIZED = Reply.of(500, "5.5.2 Command not recognized");
    static final Reply NOT_IMPLEMENTED = Reply.of(502, "5.5.1 Command not implemented");
    static final Reply LINE_TOO_LONG = Reply.of(500, "5.5.6 Line too long");
    static final Reply BARE_LF_COMMAND = Reply.of(500, "5.5.2 Command lines must end in CRLF (bare LF)");
    static final Reply NOT_UTF8 = Reply.of(500, "5.5.2 Command line is not valid UTF-8");
    static final Reply BARE_LINE_ENDING_DATA =
            Reply.of(500, "5.5.2 Bare LF or CR in message content (lines must end in CRLF); closing connection");
    static final Reply LOCAL_ERROR = Reply.of(451, "4.3.0 Local error in processing");

    // STARTTLS (RFC 3207) and the TLS policy
    static final Reply READY_FOR_TLS = Reply.of(220, "2.0.0 Ready to start TLS");
    static final Reply TLS_ALREADY_ACTIVE = Reply.of(503, "5.5.1 TLS already active");
    static final Reply STARTTLS_FIRST = Reply.of(530, "5.7.0 Must issue a STARTTLS command first");

    // AUTH (RFC 4954) and the authentication policy
    static final Reply AUTH_REQUIRED = Reply.of(530, "5.7.0 Authentication required");
    static final Reply EHLO_FIRST = Reply.of(503, "5.5.1 Send EHLO first");
    static final Reply ALREADY_AUTHENTICATED = Reply.of(503, "5.5.1 Already authenticated");
    static final Reply AUTH_IN_TRANSACTION = Reply.of(503, "5.5.1 AUTH not permitted during a mail transaction");
    static final Reply ENCRYPTION_REQUIRED =
            Reply.of(538, "5.7.11 Encryption required for requested authentication mechanism");
    static final Reply UNKNOWN_MECHANISM = Reply.of(504, "5.5.4 Unrecognized authentication type");
    static final Reply AUTH_SUCCEEDED = Reply.of(235, "2.7.0 Authentication successful");
    static final Reply AUTH_RESPONSE_TOO_LONG = Reply.of(500, "5.5.6 Authentication response too long");

    static Reply greeting(String hostname) {
        return Reply.of(220, hostname + " pigeon ESMTP ready");
    }

    static Reply helo(String hostname) {
        return Reply.of(250, hostname);
    }

    /** The EHLO reply; {@code security} are the STARTTLS/AUTH keywords the policy offers now. */
    static Reply ehlo(String hostname, String clientName, long maxSize, List<String> security) {
        List<String> lines = new ArrayList<>(List.of(hostname + " greets " + clientName, "PIPELINING", "8BITMIME",
                "SIZE " + maxSize));
        lines.addAll(security);
        lines.add("ENHANCEDSTATUSCODES");
        return Reply.of(250, lines.toArray(String[]::new));
    }

    /** {@code 334} and the challenge in base64; an empty challenge is {@code "334 "}. */
    static Reply challenge(byte[] data) {
        return Reply.of(334, SaslBase64.encode(data));
    }

    /** The reply for a failed AUTH; the same for an unknown user and a wrong password. */
    static Reply authFailure(Step.Failure.Reason reason) {
        return Reply.of(reason.replyCode(), reason.enhancedStatus() + " " + reason.text());
    }

    static Reply tooManyAuthFailures(String hostname) {
        return Reply.of(421, "4.7.0 " + hostname + " too many failed authentication attempts, closing connection");
    }

    static Reply queued(String id) {
        return Reply.of(250, "2.0.0 OK queued as " + id);
    }

    static Reply bye(String hostname) {
        return Reply.of(221, "2.0.0 " + hostname + " closing connection");
    }

    static Reply timeout(String hostname) {
        return Reply.of(421, "4.4.2 " + hostname + " timeout, closing connection");
    }

    static Reply tooManyErrors(String hostname) {
        return Reply.of(421, "4.7.0 " + hostname + " too many errors, closing connection");
    }

    static Reply shuttingDown(String hostname) {
        return Reply.of(421, "4.3.2 " + hostname + " Service shutting down, closing connection");
    }

    static Reply tooManyConnections(String hostname) {
        return Reply.of(421, "4.3.2 " + hostname + " too many connections, try again later");
    }
}
