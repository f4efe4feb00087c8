package dev.pigeon.client;

import dev.pigeon.testing.Script;

/** Scripted-server openings for the extension tests: a greeting and an EHLO reply with keywords. */
final class ExtensionScripts {
    private ExtensionScripts() {}

    static Script.Builder ehlo(String... keywords) {
        String[] lines = new String[keywords.length + 1];
        lines[0] = (keywords.length == 0 ? "250 " : "250-") + "mx.test";
        for (int i = 0; i < keywords.length; i++) {
            lines[i + 1] = (i == keywords.length - 1 ? "250 " : "250-") + keywords[i];
        }
        return Script.builder().send("220 mx.test ESMTP").expect("EHLO ").send(lines);
    }

    /** MAIL, one RCPT, DATA and the content accepted, in lockstep, then QUIT. */
    static Script acceptOne(Script.Builder opening) {
        return opening.expect("MAIL").send("250 ok").expect("RCPT").send("250 ok")
                .expect("DATA").send("354 go").expectData().send("250 queued")
                .expect("QUIT").send("221 bye").build();
    }

    /** The server expects no transaction: only QUIT. */
    static Script onlyQuit(Script.Builder opening) {
        return opening.expect("QUIT").send("221 bye").build();
    }
}
