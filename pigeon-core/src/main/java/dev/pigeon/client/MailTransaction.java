package dev.pigeon.client;

import dev.pigeon.message.MessageSource;
import dev.pigeon.protocol.Capabilities;
import dev.pigeon.protocol.Command;
import dev.pigeon.protocol.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One pass through the dialogue for one message: greeting, hello, TLS, AUTH, the envelope and the
 * content, then QUIT. Per-call state lives here, not in the (immutable) {@link SmtpClient}.
 */
final class MailTransaction {
    private final ClientSettings settings;
    private final ClientSession session;
    private final Envelope envelope;
    private final MessageSource message;
    private final String host;
    private final int port;
    private final List<RecipientResult> recipients = new ArrayList<>();
    /** How the extensions are used; null until decided after EHLO (and AUTH). */
    private TransactionPlan plan;

    MailTransaction(ClientSettings settings, ClientSession session, Envelope envelope, MessageSource message,
                    String host, int port) {
        this.settings = settings;
        this.session = session;
        this.envelope = envelope;
        this.message = message;
        this.host = host;
        this.port = port;
    }

    /** True for a transaction on a session kept open for the next one: no QUIT at its end. */
    private boolean keepOpen;
    /** True when the final dot may go out unflushed and its reply be read later ({@link #runPipelined}). */
    private boolean deferFinalReply;
    /** Set when the content went that way: the reply to the dot, still to be read. */
    private ClientSession.FinalReply finalReply;
    private long deferredBytes;
    /** The session's content byte count when this transaction began. */
    private long contentBytesBefore;

    SendResult run() throws SessionException {
        Optional<SendResult> stop = opening();
        return stop.isPresent() ? stop.get() : envelopeAndContent();
    }

    /**
     * MAIL to the final reply on a session {@link #opening()} made ready, leaving it open (no QUIT,
     * and no RSET: the caller resets after a failure) for the next transaction, as bulk sending does.
     */
    SendResult runKeepingOpen() throws SessionException {
        keepOpen = true;
        return envelopeAndContent();
    }

    /**
     * Like {@link #runKeepingOpen()}, but when the server pipelines (and no BDAT is used) the final
     * dot is neither flushed nor waited for: it leaves with the next transaction's commands, and
     * the result is read when asked for.
     */
    PendingSend runPipelined() throws SessionException {
        keepOpen = true;
        deferFinalReply = true;
        SendResult done = envelopeAndContent();
        return finalReply == null ? PendingSend.finished(done) : PendingSend.awaiting(this, finalReply, deferredBytes);
    }

    /** The result of a transaction whose final reply arrived late ({@link #runPipelined}). */
    SendResult finish(Reply last, long sent) {
        return delivered(last, sent);
    }

    /**
     * Greeting, hello, STARTTLS and AUTH: a result when the dialogue ends there (a refusal, or the
     * quit-after stage), empty when the session is ready for MAIL.
     */
    Optional<SendResult> opening() throws SessionException {
        return new SessionOpening(settings, session, host, port).run().map(end -> end.refusal().isPresent()
                ? result(SendResult.Outcome.REFUSED, end.stage(), end.refusal(), Optional.empty(), 0)
                : stopped(end.stage()));
    }

    private SendResult envelopeAndContent() throws SessionException {
        contentBytesBefore = session.contentBytesSent(); // the session counts every transaction it carried
        plan = politely(() -> TransactionPlan.of(session.capabilities(), settings.extensions(), envelope, message,
                !stopsAfter(Stage.DATA)));
        return plan.used().pipelined() && !stopsAfter(Stage.MAIL) ? pipelinedEnvelope() : envelopeInTurn();
    }

    /** MAIL, then each RCPT, each awaiting its reply. */
    private SendResult envelopeInTurn() throws SessionException {
        Reply mail = session.mail(plan.from(), plan.mailParameters());
        if (!mail.isPositive()) {
            return refused(Stage.MAIL, mail);
        }
        if (stopsAfter(Stage.MAIL)) {
            return quitAndStop(Stage.MAIL);
        }
        for (int i = 0; i < plan.recipients().size(); i++) {
            Reply reply = session.rcpt(plan.recipients().get(i), plan.rcptParameters().get(i));
            recipients.add(new RecipientResult(envelope.recipients().get(i), reply));
            if (reply.code() == 421) {
                return refused(Stage.RCPT, reply); // the server is closing: no more commands, no QUIT
            }
        }
        if (recipients.stream().noneMatch(RecipientResult::accepted)) {
            quietQuit();
            return result(SendResult.Outcome.ALL_RECIPIENTS_REFUSED, Stage.RCPT, Optional.empty(), Optional.empty(), 0);
        }
        if (stopsAfter(Stage.RCPT)) {
            return quitAndStop(Stage.RCPT);
        }
        return plan.used().chunked() ? chunkedContent() : dataAndContent(session.data());
    }

    /**
     * RFC 2920: MAIL, every RCPT and DATA in one write, the replies read in order afterwards. DATA
     * stays out when BDAT follows or the caller stops after RCPT; content waits for a 354.
     */
    private SendResult pipelinedEnvelope() throws SessionException {
        Command.Mail mailCommand = new Command.Mail(plan.from(), plan.mailParameters());
        List<Command.Rcpt> rcpts = new ArrayList<>();
        for (int i = 0; i < plan.recipients().size(); i++) {
            rcpts.add(new Command.Rcpt(plan.recipients().get(i), plan.rcptParameters().get(i)));
        }
        boolean withData = !plan.used().chunked() && !stopsAfter(Stage.RCPT);
        session.queue(Stage.MAIL, mailCommand);
        for (Command.Rcpt rcpt : rcpts) {
            session.queue(Stage.RCPT, rcpt);
        }
        if (withData) {
            session.queue(Stage.DATA, new Command.Data());
        }
        Reply mail = session.awaitReply(Stage.MAIL, mailCommand);
        if (mail.code() == 421) {
            return refused(Stage.MAIL, mail);
        }
        for (int i = 0; i < rcpts.size(); i++) {
            Reply reply = session.awaitReply(Stage.RCPT, rcpts.get(i));
            recipients.add(new RecipientResult(envelope.recipients().get(i), reply));
            if (reply.code() == 421) {
                return refused(Stage.RCPT, reply);
            }
        }
        Optional<Reply> data = withData ? Optional.of(session.awaitReply(Stage.DATA, new Command.Data()))
                : Optional.empty();
        boolean anyAccepted = recipients.stream().anyMatch(RecipientResult::accepted);
        if (!mail.isPositive() || !anyAccepted) {
            return abandonBatch(mail, data);
        }
        if (stopsAfter(Stage.RCPT)) {
            return quitAndStop(Stage.RCPT);
        }
        return plan.used().chunked() ? chunkedContent() : dataAndContent(data.orElseThrow());
    }

    /**
     * MAIL or every RCPT failed inside a pipelined batch: no content goes. A server that still
     * answered DATA with 354 gets a lone dot (RFC 2920 3.1) to end the empty message.
     */
    private SendResult abandonBatch(Reply mail, Optional<Reply> data) throws SessionException {
        if (data.isPresent() && data.get().code() == 354) {
            try {
                session.content(MessageSource.ofBytes(new byte[0]));
            } catch (SessionException e) {
                // No recipient was accepted, so nothing can have been delivered (not RFC 1047).
                throw new SessionException(e.stage(), "connection lost after ending an empty message that no"
                        + " recipient accepted; nothing was delivered", e.getCause(), false);
            }
        }
        if (!mail.isPositive()) {
            recipients.clear(); // the RCPTs were answered within a transaction that never began
            return refused(Stage.MAIL, mail);
        }
        quietQuit();
        return result(SendResult.Outcome.ALL_RECIPIENTS_REFUSED, Stage.RCPT, Optional.empty(), Optional.empty(), 0);
    }

    private SendResult dataAndContent(Reply data) throws SessionException {
        ClientSession.requireNoPositiveOtherThan354(data);
        if (data.code() != 354) {
            return refused(Stage.DATA, data);
        }
        if (stopsAfter(Stage.DATA)) {
            // A 354 can only be ended by content: close without sending any, as swaks does.
            return result(SendResult.Outcome.STOPPED, Stage.DATA, Optional.empty(), Optional.empty(), 0);
        }
        if (deferFinalReply && plan.used().pipelined()) {
            guardedContent(() -> {
                finalReply = session.contentThenContinue(content());
                return null;
            });
            deferredBytes = session.contentBytesSent() - contentBytesBefore;
            return null; // see runPipelined
        }
        Reply last = guardedContent(() -> session.content(content()));
        long sent = session.contentBytesSent() - contentBytesBefore;
        quietQuit();
        return delivered(last, sent);
    }

    /** BDAT chunks (RFC 3030); a refused chunk is followed by RSET, as the transaction is dead. */
    private SendResult chunkedContent() throws SessionException {
        boolean binary = plan.used().body() == ExtensionsUsed.Body.BINARY_MIME;
        Reply last = guardedContent(() -> new ChunkedContent(session, plan.chunkSize(), plan.used().pipelined())
                .send(content(), binary));
        long sent = session.contentBytesSent() - contentBytesBefore;
        if (!last.isPositive() && last.code() != 421) {
            quietly(session::rset);
        }
        if (last.code() != 421) {
            quietQuit();
        }
        return delivered(last, sent);
    }

    private SendResult delivered(Reply last, long sent) {
        if (!last.isPositive()) {
            return result(SendResult.Outcome.REFUSED, Stage.CONTENT, Optional.of(last), Optional.of(last), sent);
        }
        boolean all = recipients.stream().allMatch(RecipientResult::accepted);
        return result(all ? SendResult.Outcome.DELIVERED : SendResult.Outcome.PARTIALLY_DELIVERED,
                Stage.CONTENT, Optional.empty(), Optional.of(last), sent);
    }

    private MessageSource content() {
        return plan.guardEightBit() ? EightBitContent.guarded(message) : message;
    }

    /**
     * Runs a content transfer; when the 8-bit guard stopped it, the transfer was cut off before
     * its end (no final dot, no BDAT LAST), so the server drops it: say so as an {@link ExtensionStop}.
     */
    private Reply guardedContent(Step<Reply> transfer) throws SessionException {
        try {
            return transfer.run();
        } catch (SessionException e) {
            if (e.getCause() instanceof EightBitContent.Found found) {
                throw new ExtensionStop(Stage.CONTENT, ExtensionStop.Reason.EIGHT_BIT_NOT_SUPPORTED,
                        "the message holds an 8-bit byte (at offset " + found.offset() + ") and the server does"
                                + " not offer 8BITMIME; the transfer was cut off before its end, so nothing was"
                                + " delivered", true);
            }
            throw e;
        }
    }

    private void quietly(Step<Reply> step) {
        try {
            step.run();
        } catch (SessionException ignored) {
            // the outcome is decided; a lost RSET changes nothing
        }
    }

    /** Runs a step; when the client itself stops it ({@link ExtensionStop}), says QUIT first. */
    private <T> T politely(Step<T> step) throws SessionException {
        try {
            return step.run();
        } catch (ExtensionStop e) {
            quietQuit();
            throw e;
        }
    }

    private boolean stopsAfter(Stage stage) {
        return settings.quitAfter().filter(s -> s == stage).isPresent();
    }

    private SendResult quitAndStop(Stage stage) {
        quietQuit();
        return stopped(stage);
    }

    private SendResult stopped(Stage stage) {
        return result(SendResult.Outcome.STOPPED, stage, Optional.empty(), Optional.empty(), 0);
    }

    private SendResult refused(Stage stage, Reply reply) {
        // After 421 the server is closing; otherwise end politely (RFC 5321 3.8).
        if (reply.code() != 421) {
            quietQuit();
        }
        return result(SendResult.Outcome.REFUSED, stage, Optional.of(reply), Optional.empty(), 0);
    }

    private void quietQuit() {
        if (keepOpen) {
            return; // the caller goes on with RSET and the next MAIL, or closes the session itself
        }
        try {
            session.quit();
        } catch (SessionException ignored) {
            // The transaction's outcome is already decided; a lost QUIT changes nothing.
        }
    }

    private SendResult result(SendResult.Outcome outcome, Stage stage, Optional<Reply> refusal,
                              Optional<Reply> finalReply, long contentBytes) {
        Capabilities caps = session.capabilities();
        ExtensionsUsed used = plan == null ? ExtensionsUsed.NONE : plan.used();
        List<String> notices = plan == null ? List.of() : plan.notices();
        return new SendResult(outcome, stage, refusal, recipients, finalReply, caps, contentBytes, used, notices);
    }

    private interface Step<T> {
        T run() throws SessionException;
    }
}
