package dev.pigeon.client;

import dev.pigeon.protocol.Reply;

/**
 * A transaction sent with {@link SmtpClient#sendPipelined}: either finished (refused before the
 * content, or sent without pipelining) or waiting for the reply to its final dot, which is read
 * when the session's next reply is awaited (the next transaction's first) or by {@link #result()}.
 */
public final class PendingSend {
    private final SendResult done;
    private final MailTransaction transaction;
    private final ClientSession.FinalReply finalReply;
    private final long sent;

    private PendingSend(SendResult done, MailTransaction transaction, ClientSession.FinalReply finalReply, long sent) {
        this.done = done;
        this.transaction = transaction;
        this.finalReply = finalReply;
        this.sent = sent;
    }

    static PendingSend finished(SendResult result) {
        return new PendingSend(result, null, null, 0);
    }

    static PendingSend awaiting(MailTransaction transaction, ClientSession.FinalReply finalReply, long sent) {
        return new PendingSend(null, transaction, finalReply, sent);
    }

    /** Whether the final dot went and its reply may still be unread: the transaction is over on the server's side either way. */
    public boolean awaitingFinalReply() {
        return finalReply != null;
    }

    /**
     * The outcome; waits for the final reply if no later read did. A failure there may hide a
     * delivery (RFC 1047), as for {@link SmtpClient#send(ClientSession, Envelope, dev.pigeon.message.MessageSource)}.
     */
    public SendResult result() throws SessionException {
        if (done != null) {
            return done;
        }
        Reply last = finalReply.get();
        return transaction.finish(last, sent);
    }
}
