package dev.pigeon.client;

/** The steps of one SMTP dialogue, in order; results and failures say where they happened. */
public enum Stage {
    CONNECT, GREETING, HELLO, TLS, AUTH, MAIL, RCPT, DATA, CONTENT, QUIT;

    /** Name as the command line spells it in {@code --quit-after}. */
    public String cliName() {
        return this == HELLO ? "helo" : name().toLowerCase(java.util.Locale.ROOT);
    }
}
