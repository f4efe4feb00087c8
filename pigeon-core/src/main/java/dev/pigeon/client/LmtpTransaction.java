package dev.pigeon.client;

import dev.pigeon.message.MessageSource;
import dev.pigeon.protocol.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One LMTP transaction (RFC 2033) on an open session: greeting, LHLO (there is no HELO to fall
 * back on), STARTTLS and AUTH when the policies want them, MAIL, each RCPT, DATA, the content, and
 * then one reply per recipient accepted at RCPT, in RCPT order, each waited for with its own
 * data-termination deadline. Each recipient is delivered to, or not, on its own.
 *
 * <p>Per-call state lives here; {@link SmtpClient} builds one per send.
 */
final class LmtpTransaction {
    private final ClientSession session;
    private final SessionOpening opening;
    private final Optional<Stage> quitAfter;
    private final Extensions extensions;
    private final List<RecipientResult> recipients = new ArrayList<>();

    /**
     * @param host the server's name, for TLS verification and AUTH (a unix-domain socket's path:
     *             there is no TLS on one, and STARTTLS is skipped)
     */
    LmtpTransaction(ClientSettings settings, ClientSession session, String host, int port) {
        this.session = session;
        this.opening = new SessionOpening(settings, session, host, port);
        this.quitAfter = settings.quitAfter();
        // LMTP here sends MAIL, RCPT and DATA one at a time: no pipelining, no BDAT.
        this.extensions = settings.extensions().withPipelining(false).withChunking(false);
    }

    SendResult run(Envelope envelope, MessageSource message) throws SessionException {
        Optional<SessionOpening.End> ended = opening.run();
        if (ended.isPresent()) {
            SessionOpening.End end = ended.get();
            return end.refusal().isPresent()
                    ? result(SendResult.Outcome.REFUSED, end.stage(), end.refusal(), Optional.empty())
                    : stopped(end.stage());
        }
        // SIZE, BODY=8BITMIME, SMTPUTF8 and DSN parameters, as for SMTP (RFC 2033 4.1 keeps them).
        TransactionPlan plan = TransactionPlan.of(session.capabilities(), extensions, envelope, message, false);
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
        }
        if (recipients.stream().noneMatch(RecipientResult::accepted)) {
            quietQuit();
            return result(SendResult.Outcome.ALL_RECIPIENTS_REFUSED, Stage.RCPT, Optional.empty(), Optional.empty());
        }
        if (stopsAfter(Stage.RCPT)) {
            return quitAndStop(Stage.RCPT);
        }
        return dataAndDeliveries(message);
    }

    private SendResult dataAndDeliveries(MessageSource message) throws SessionException {
        Reply data = session.data();
        ClientSession.requireNoPositiveOtherThan354(data);
        if (data.code() != 354) {
            return refused(Stage.DATA, data);
        }
        if (stopsAfter(Stage.DATA)) {
            // A 354 can only be ended by content: close without sending any.
            return result(SendResult.Outcome.STOPPED, Stage.DATA, Optional.empty(), Optional.empty());
        }
        session.sendContent(message);
        Reply last = readDeliveryReplies();
        quietQuit();
        long delivered = recipients.stream().filter(r -> r.deliveryReply().filter(Reply::isPositive).isPresent())
                .count();
        SendResult.Outcome outcome = delivered == recipients.size() ? SendResult.Outcome.DELIVERED
                : delivered > 0 ? SendResult.Outcome.PARTIALLY_DELIVERED
                : SendResult.Outcome.ALL_RECIPIENTS_REFUSED;
        return result(outcome, Stage.CONTENT, Optional.empty(), Optional.of(last));
    }

    /**
     * One reply per accepted recipient, in RCPT order (RFC 2033 4.2). When one does not come, the
     * failure names the recipients already decided and those left in doubt.
     *
     * @return the last reply read
     */
    private Reply readDeliveryReplies() throws SessionException {
        Reply last = null;
        for (int i = 0; i < recipients.size(); i++) {
            RecipientResult r = recipients.get(i);
            if (!r.accepted()) {
                continue;
            }
            try {
                last = session.deliveryReply(r.recipient());
            } catch (SessionException e) {
                throw new LmtpIncompleteException(e, recipients);
            }
            recipients.set(i, r.withDeliveryReply(last));
        }
        return last;
    }

    private boolean stopsAfter(Stage stage) {
        return quitAfter.filter(s -> s == stage).isPresent();
    }

    private SendResult quitAndStop(Stage stage) {
        quietQuit();
        return stopped(stage);
    }

    private SendResult stopped(Stage stage) {
        return result(SendResult.Outcome.STOPPED, stage, Optional.empty(), Optional.empty());
    }

    private SendResult refused(Stage stage, Reply reply) {
        // After 421 the server is closing; otherwise end politely.
        if (reply.code() != 421) {
            quietQuit();
        }
        return result(SendResult.Outcome.REFUSED, stage, Optional.of(reply), Optional.empty());
    }

    private void quietQuit() {
        try {
            session.quit();
        } catch (SessionException ignored) {
            // The transaction's outcome is already decided; a lost QUIT changes nothing.
        }
    }

    private SendResult result(SendResult.Outcome outcome, Stage stage, Optional<Reply> refusal,
                              Optional<Reply> finalReply) {
        return new SendResult(outcome, stage, refusal, recipients, finalReply, session.capabilities(),
                session.contentBytesSent());
    }
}
