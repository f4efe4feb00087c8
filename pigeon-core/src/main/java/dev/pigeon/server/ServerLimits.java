package dev.pigeon.server;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds a server keeps on what clients may send and hold. Silences are bounded by the idle
 * and data timeouts; slow clients (a byte every few seconds, the slowloris attack) by the
 * command and message deadlines; clients that stop reading by the write timeout; clients that
 * send nothing sensible by the error limit.
 *
 * @param maxCommandLine  longest command line in bytes, CRLF included. RFC 5321 4.5.3.1.4 says
 *                        512, but extensions make MAIL lines longer; 2048 is Postfix's
 *                        {@code line_length_limit}, and what we default to
 * @param maxMessageSize  largest DATA content in bytes (after dot-unstuffing), announced as SIZE
 * @param maxRecipients   accepted RCPTs per transaction; more get 452 4.5.3
 * @param maxConnections  simultaneous connections; more get 421 4.3.2 and are closed
 * @param idleTimeout     longest silence while waiting for a command; then 421 4.4.2 and close
 * @param dataTimeout     longest silence inside DATA content; then 421 4.4.2, nothing stored
 * @param commandTimeout  how long one whole command line may take to arrive, from the moment the
 *                        server waits for it (an AUTH exchange counts as one command); then
 *                        421 4.4.2 and close, however steadily the bytes trickle in
 * @param messageTimeout  how long the whole DATA content may take, from the 354 to the final dot;
 *                        then 421 4.4.2, nothing stored
 * @param writeTimeout    how long one write of replies may block on a client that does not read;
 *                        then the connection is closed without a word (nothing can be said)
 * @param maxErrors       consecutive 5xx replies before {@code 421 4.7.0} and close (Postfix's
 *                        {@code smtpd_hard_error_limit}); any 2xx or 3xx reply resets the count
 */
public record ServerLimits(int maxCommandLine, long maxMessageSize, int maxRecipients, int maxConnections,
                           Duration idleTimeout, Duration dataTimeout, Duration commandTimeout,
                           Duration messageTimeout, Duration writeTimeout, int maxErrors) {
    public static final int DEFAULT_MAX_COMMAND_LINE = 2048;
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 35L * 1024 * 1024;
    public static final int DEFAULT_MAX_RECIPIENTS = 100;
    public static final int DEFAULT_MAX_CONNECTIONS = 1000;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    /** RFC 5321 4.5.3.2.5 suggests 3 minutes per DATA block. */
    public static final Duration DEFAULT_DATA_TIMEOUT = Duration.ofMinutes(3);
    /** RFC 5321 4.5.3.2.7: the server waits 5 minutes for a command. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(5);
    /** 35 MiB at a slow 1 Mbit/s takes about 5 minutes; six times that is plenty. */
    public static final Duration DEFAULT_MESSAGE_TIMEOUT = Duration.ofMinutes(30);
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofMinutes(2);
    /** Postfix's {@code smtpd_hard_error_limit} default is 20; a sink has less reason for patience. */
    public static final int DEFAULT_MAX_ERRORS = 10;

    public ServerLimits {
        if (maxCommandLine < 512) {
            throw new IllegalArgumentException("maxCommandLine below RFC 5321's 512: " + maxCommandLine);
        }
        if (maxMessageSize < 1 || maxRecipients < 1 || maxConnections < 1 || maxErrors < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        requirePositive("idleTimeout", idleTimeout);
        requirePositive("dataTimeout", dataTimeout);
        requirePositive("commandTimeout", commandTimeout);
        requirePositive("messageTimeout", messageTimeout);
        requirePositive("writeTimeout", writeTimeout);
    }

    public static ServerLimits defaults() {
        return new ServerLimits(DEFAULT_MAX_COMMAND_LINE, DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_RECIPIENTS,
                DEFAULT_MAX_CONNECTIONS, DEFAULT_IDLE_TIMEOUT, DEFAULT_DATA_TIMEOUT,
                DEFAULT_COMMAND_TIMEOUT, DEFAULT_MESSAGE_TIMEOUT, DEFAULT_WRITE_TIMEOUT, DEFAULT_MAX_ERRORS);
    }

    public ServerLimits withMaxCommandLine(int value) {
        return new ServerLimits(value, maxMessageSize, maxRecipients, maxConnections, idleTimeout, dataTimeout,
                commandTimeout, messageTimeout, writeTimeout, maxErrors);
    }

    public ServerLimits withMaxMessageSize(long value) {
        return new ServerLimits(maxCommandLine, value, maxRecipients, maxConnections, idleTimeout, dataTimeout,
                commandTimeout, messageTimeout, writeTimeout, maxErrors);
    }

    public ServerLimits withMaxRecipients(int value) {
        return new ServerLimits(maxCommandLine, maxMessageSize, value, maxConnections, idleTimeout, dataTimeout,
                commandTimeout, messageTimeout, writeTimeout, maxErrors);
    }

    public ServerLimits withMaxConnections(int value) {
        return new ServerLimits(maxCommandLine, maxMessageSize, maxRecipients, value, idleTimeout, dataTimeout,
                commandTimeout, messageTimeout, writeTimeout, maxErrors);
    }

    public ServerLimits withIdleTimeout(Duration value) {
        return new ServerLimits(maxCommandLine, maxMessageSize, maxRecipients, maxConnections, value, dataTimeout,
                commandTimeout, messageTimeout, writeTimeout, maxErrors);
    }

    public ServerLimits withDataTimeout(Duration value) {
        return new ServerLimits(maxCommandLine, maxMessageSize, maxRecipients, maxConnections, idleTimeout, value,
                commandTimeout, messageTimeout, writeTimeout, maxErrors);
    }

    public ServerLimits withCommandTimeout(Duration value) {
        return new ServerLimits(maxCommandLine, maxMessageSize, maxRecipients, maxConnections, idleTimeout,
                dataTimeout, value, messageTimeout, writeTimeout, maxErrors);
    }

    public ServerLimits withMessageTimeout(Duration value) {
        return new ServerLimits(maxCommandLine, maxMessageSize, maxRecipients, maxConnections, idleTimeout,
                dataTimeout, commandTimeout, value, writeTimeout, maxErrors);
    }

    public ServerLimits withWriteTimeout(Duration value) {
        return new ServerLimits(maxCommandLine, maxMessageSize, maxRecipients, maxConnections, idleTimeout,
                dataTimeout, commandTimeout, messageTimeout, value, maxErrors);
    }

    public ServerLimits withMaxErrors(int value) {
        return new ServerLimits(maxCommandLine, maxMessageSize, maxRecipients, maxConnections, idleTimeout,
                dataTimeout, commandTimeout, messageTimeout, writeTimeout, value);
    }

    private static void requirePositive(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " must be between 1 ms and ~24 days: " + d);
        }
    }
}
