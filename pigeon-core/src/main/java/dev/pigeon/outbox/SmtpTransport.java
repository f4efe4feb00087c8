package dev.pigeon.outbox;

import dev.pigeon.client.ClientSession;
import dev.pigeon.client.Envelope;
import dev.pigeon.client.PendingSend;
import dev.pigeon.client.SendResult;
import dev.pigeon.client.SessionException;
import dev.pigeon.client.SmtpClient;
import dev.pigeon.message.MessageSource;
import dev.pigeon.protocol.Reply;
import java.util.Optional;

/** The outbox's sessions over SMTP: {@link SmtpClient#ready} once, then {@link SmtpClient#send(ClientSession, Envelope, MessageSource)} per message. */
public final class SmtpTransport implements Transport {
    private final SmtpClient client;

    private SmtpTransport(SmtpClient client) {
        this.client = client;
    }

    public static SmtpTransport of(SmtpClient client) {
        return new SmtpTransport(client);
    }

    @Override
    public Opening open(Destination d) throws SessionException {
        ClientSession session = d.address().isPresent() ? client.open(d.host(), d.address().get(), d.port())
                : client.open(d.host(), d.port());
        try {
            Optional<SendResult> refusal = client.ready(session, d.host(), d.port());
            if (refusal.isPresent()) {
                session.close();
                Reply reply = refusal.get().refusal().orElse(Reply.of(421, "4.3.0 session stopped before MAIL"));
                return new Opening.Refused(reply);
            }
            return new Opening.Ready(new Smtp(client, session));
        } catch (SessionException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private record Smtp(SmtpClient client, ClientSession session) implements Session {
        @Override
        public SendResult send(Envelope envelope, MessageSource message) throws SessionException {
            return client.send(session, envelope, message);
        }

        @Override
        public Started start(Envelope envelope, MessageSource message) throws SessionException {
            PendingSend pending = client.sendPipelined(session, envelope, message);
            return new Started() {
                @Override
                public boolean awaitingFinalReply() {
                    return pending.awaitingFinalReply();
                }

                @Override
                public SendResult result() throws SessionException {
                    return pending.result();
                }
            };
        }

        @Override
        public boolean reset() {
            try {
                return session.rset().isPositive();
            } catch (SessionException e) {
                return false;
            }
        }

        @Override
        public void close() {
            try {
                if (session.isOpen()) {
                    session.quit();
                }
            } catch (SessionException ignored) {
                // closing anyway
            } finally {
                session.close();
            }
        }
    }
}
