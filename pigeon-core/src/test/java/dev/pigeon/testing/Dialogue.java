package dev.pigeon.testing;

import dev.pigeon.client.Stage;

/**
 * Scripts of a well-behaved ESMTP server up to a given stage, for hostile tests to end in the
 * fault they are about: {@code Dialogue.upTo(Stage.RCPT).send("421 bye")} is a server that accepts
 * the greeting, EHLO and MAIL, reads the first RCPT, and answers it with a 421.
 */
public final class Dialogue {
    public static final String GREETING = "220 hostile.test ESMTP";

    private Dialogue() {}

    /**
     * A server that has read the command of {@code stage} and not yet answered it. For
     * {@link Stage#GREETING} nothing happened yet (the greeting is the answer); for
     * {@link Stage#CONTENT} the content up to its final dot was read.
     */
    public static Script.Builder upTo(Stage stage) {
        return upTo(stage, "250-hostile.test", "250 8BITMIME");
    }

    /** As {@link #upTo(Stage)}, with these EHLO reply lines. */
    public static Script.Builder upTo(Stage stage, String... ehloLines) {
        Script.Builder b = Script.builder();
        if (stage == Stage.GREETING) {
            return b;
        }
        b.send(GREETING).expect("EHLO ");
        if (stage == Stage.HELLO) {
            return b;
        }
        b.send(ehloLines).expect("MAIL FROM:");
        if (stage == Stage.MAIL) {
            return b;
        }
        b.send("250 2.1.0 ok").expect("RCPT TO:");
        if (stage == Stage.RCPT) {
            return b;
        }
        b.send("250 2.1.5 ok").expect("DATA");
        if (stage == Stage.DATA) {
            return b;
        }
        if (stage != Stage.CONTENT) {
            throw new IllegalArgumentException("no plain dialogue stage: " + stage);
        }
        return b.send("354 go ahead").expectData();
    }

    /** The whole dialogue, one recipient: delivered with 250 and a 221 to QUIT. */
    public static Script.Builder delivering() {
        return upTo(Stage.CONTENT).send("250 2.0.0 queued").expect("QUIT").send("221 2.0.0 bye");
    }
}
