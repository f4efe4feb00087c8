package dev.pigeon.cli;

import picocli.CommandLine;

/**
 * The exit statuses of every pigeon command, following BSD {@code sysexits.h}; {@link #TABLE} is
 * the help footer that documents them. Also the picocli exit-code mapper for {@link Failure}.
 */
final class ExitCodes implements CommandLine.IExitCodeExceptionMapper {
    /** The message was accepted for every recipient (or --quit-after stopped after positive replies). */
    static final int OK = 0;
    /** EX_USAGE: a bad command line, including a control character (CR, LF...) in an argument. */
    static final int USAGE = 64;
    /** EX_DATAERR: bad input: an invalid address or header, an unreadable or undecodable message file. */
    static final int DATAERR = 65;
    /**
     * EX_NOUSER: every recipient was refused permanently (or some were, with --strict-recipients);
     * with LMTP, refusals after the data count (a 5xx per-recipient reply).
     */
    static final int NOUSER = 67;
    /** EX_UNAVAILABLE: cannot connect, or a permanent (5xx) refusal of the greeting, HELO, MAIL, DATA or message. */
    static final int UNAVAILABLE = 69;
    /** EX_SOFTWARE: an internal error, or {@code pigeon demo} received something other than it sent. */
    static final int SOFTWARE = 70;
    /** EX_TEMPFAIL: a temporary (4xx) refusal, a timeout, a lost connection; try again later. */
    static final int TEMPFAIL = 75;
    /** EX_PROTOCOL: the server broke SMTP (a malformed reply, 250 instead of 354 to DATA, data after its STARTTLS 220). */
    static final int PROTOCOL = 76;
    /** EX_NOPERM: the server's certificate was refused, or authentication failed. */
    static final int NOPERM = 77;

    static final String[] TABLE = {
        "",
        "Exit status:",
        "   0  accepted for every recipient (or --quit-after stopped, all replies",
        "      positive)",
        "  64  usage error, including a control character (CR, LF, ...) in an",
        "      address, header, subject or HELO name; nothing is sent",
        "  65  bad input: an invalid address or header, an unreadable message file,",
        "      a domain that is no valid internationalised name",
        "  67  every recipient was refused (any, with --strict-recipients); with",
        "      LMTP also by its own 5xx reply after the data (any 4xx: 75)",
        "  69  unavailable: cannot connect, or a permanent (5xx) refusal of the",
        "      greeting, HELO/EHLO, STARTTLS, MAIL, DATA or the message; --tls",
        "      but no STARTTLS offered; a TLS handshake failed (not over the",
        "      certificate); AUTH not offered, no common mechanism, or no TLS to",
        "      send credentials over (see --auth-plaintext); nothing secret sent",
        "      This server cannot take this message (nothing of it is sent): larger",
        "      than its SIZE limit, 8-bit content without 8BITMIME, a UTF-8 address",
        "      without SMTPUTF8, --binarymime without BINARYMIME and CHUNKING",
        "  70  internal error (pigeon demo: what arrived differs from what was sent)",
        "  75  temporary failure: a 4xx reply (421, 454 to STARTTLS or AUTH too),",
        "      a timeout, a lost connection, a message that may or may not have",
        "      been delivered",
        "  76  protocol error: the server broke SMTP (e.g. 250, not 354, to DATA),",
        "      or sent data after its STARTTLS reply",
        "  77  not permitted: the server's certificate was refused (untrusted,",
        "      expired, wrong host name, pin mismatch), or authentication failed",
        "      (535 or another 5xx to AUTH, a SCRAM server that proved nothing)",
    };

    @Override
    public int getExitCode(Throwable exception) {
        return exception instanceof Failure f ? f.exitCode() : SOFTWARE;
    }
}
