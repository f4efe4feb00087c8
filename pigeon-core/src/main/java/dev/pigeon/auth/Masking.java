package dev.pigeon.auth;

import java.util.Locale;

/**
 * The transcript forms of what the client sends during AUTH. Every response line, and the
 * initial response on the AUTH command line, may hold a secret or its base64 (PLAIN, LOGIN,
 * XOAUTH2, OAUTHBEARER) or material for an offline guessing attack (CRAM-MD5, SCRAM proofs), so
 * all of them are shown as {@value #MASK}. Server challenges are not secret and need no mask.
 */
public final class Masking {
    public static final String MASK = "****";

    private Masking() {}

    /** {@code AUTH PLAIN ****} with an initial response, {@code AUTH LOGIN} without one. */
    public static String authCommand(String mechanism, boolean withInitialResponse) {
        String verb = "AUTH " + mechanism.toUpperCase(Locale.ROOT);
        return withInitialResponse ? verb + " " + MASK : verb;
    }

    /**
     * Masks an arbitrary command line for a listener: an {@code AUTH} line keeps its verb and
     * mechanism and loses anything after; other lines come back unchanged. Callers showing lines
     * sent while an AUTH exchange is in progress must use {@link #MASK} for them instead.
     */
    public static String commandLine(String line) {
        String trimmed = line.strip();
        if (!trimmed.regionMatches(true, 0, "AUTH ", 0, 5)) {
            return line;
        }
        String[] words = trimmed.split(" +", 3);
        if (words.length < 2) {
            return line;
        }
        return authCommand(words[1], words.length > 2);
    }
}
