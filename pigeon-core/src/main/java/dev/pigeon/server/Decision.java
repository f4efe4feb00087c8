package dev.pigeon.server;

import dev.pigeon.protocol.Reply;
import java.util.Objects;

/** A {@link MailReceiver}'s answer: accept, or reject with the 4xx/5xx reply the client gets. */
public sealed interface Decision {

    record Accept() implements Decision {}

    record Reject(Reply reply) implements Decision {
        public Reject {
            Objects.requireNonNull(reply, "reply");
            if (reply.code() < 400) {
                throw new IllegalArgumentException("a rejection needs a 4xx or 5xx reply: " + reply);
            }
        }
    }

    Decision ACCEPT = new Accept();

    static Decision accept() {
        return ACCEPT;
    }

    static Decision reject(Reply reply) {
        return new Reject(reply);
    }

    /** E.g. {@code reject(550, "5.1.1 no such user")}. */
    static Decision reject(int code, String text) {
        return new Reject(Reply.of(code, text));
    }
}
