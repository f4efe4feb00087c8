package dev.pigeon.outbox;

import dev.pigeon.client.Envelope;
import dev.pigeon.client.SendResult;
import dev.pigeon.client.SessionException;
import dev.pigeon.message.MessageSource;
import dev.pigeon.protocol.Reply;

/**
 * How the outbox reaches servers: sessions opened ready for MAIL (greeting, hello, TLS and AUTH
 * done) that carry one transaction after another. {@link SmtpTransport} is the real one.
 */
public interface Transport {

    /** Opens a session to {@code destination}, ready for its first MAIL, or says why not. */
    Opening open(Destination destination) throws SessionException;

    /** The end of an attempt to open a session. */
    sealed interface Opening {
        record Ready(Session session) implements Opening {}

        /** The server refused before MAIL (greeting, hello, STARTTLS or AUTH); the session is closed. */
        record Refused(Reply reply) implements Opening {}
    }

    /** A transaction started on a session: its result, read when asked for if it is not known yet. */
    interface Started {
        /** Whether the final dot went and its reply may not have been read yet. */
        boolean awaitingFinalReply();

        SendResult result() throws SessionException;

        static Started done(SendResult result) {
            return new Started() {
                @Override
                public boolean awaitingFinalReply() {
                    return false;
                }

                @Override
                public SendResult result() {
                    return result;
                }
            };
        }
    }

    /** An open session; not thread-safe: one connection thread uses it. */
    interface Session extends AutoCloseable {
        /** One transaction, MAIL to the final reply; the session stays open. */
        SendResult send(Envelope envelope, MessageSource message) throws SessionException;

        /**
         * Starts one transaction. By default it runs to its final reply ({@link #send}); a
         * transport may instead leave the reply to the final dot unread, to be read before the next
         * transaction's first reply: one round trip per message.
         */
        default Started start(Envelope envelope, MessageSource message) throws SessionException {
            SendResult result = send(envelope, message);
            return Started.done(result);
        }

        /** RSET after a failed transaction; false when the session is no longer usable. */
        boolean reset();

        /** QUIT (best effort) and close. */
        @Override
        void close();
    }
}
