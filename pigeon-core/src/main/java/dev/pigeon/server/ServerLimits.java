package dev.pigeon.server;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds a server keeps on what clients may send and hold.
 *
 * @param maxCommandLine  longest command line in bytes, CRLF included. RFC 5321 4.5.3.1.4 says
 *                        512, but extensions make MAIL lines longer; 2048 is Postfix's
 *                        {@code line_length_limit}, and what we default to
 * @param maxMessageSize  largest DATA content in bytes (after dot-unstuffing), announced as SIZE
 * @param maxRecipients   accepted RCPTs per transaction; more get 452 4.5.3
 * @param maxConnections  simultaneous connections; more get 421 4.3.2 and are closed
 * @param idleTimeout     longest silence while waiting for a command (a socket read timeout, so a
 *                        client trickling bytes is not cut off); then 421 4.4.2 and close
 * @param dataTimeout     longest silence inside DATA content; then 421 4.4.2, nothing stored
 */
public record ServerLimits(int maxCommandLine, long maxMessageSize, int maxRecipients, int maxConnections,
                           Duration idleTimeout, Duration dataTimeout) {
    public static final int DEFAULT_MAX_COMMAND_LINE = 2048;
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 35L * 1024 * 1024;
    public static final int DEFAULT_MAX_RECIPIENTS = 100;
    public static final int DEFAULT_MAX_CONNECTIONS = 1000;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    /** RFC 5321 4.5.3.2.5 suggests 3 minutes per DATA block. */
    public static final Duration DEFAULT_DATA_TIMEOUT = Duration.ofMinutes(3);

    public ServerLimits {
        if (maxCommandLine < 512) {
            throw new IllegalArgumentException("maxCommandLine below RFC 5321's 512: " + maxCommandLine);
        }
        if (maxMessageSize < 1 || maxRecipients < 1 || maxConnections < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        requirePositive("idleTimeout", idleTimeout);
        requirePositive("dataTimeout", dataTimeout);
    }

    public static ServerLimits defaults() {
        return new ServerLimits(DEFAULT_MAX_COMMAND_LINE, DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_RECIPIENTS,
                DEFAULT_MAX_CONNECTIONS, DEFAULT_IDLE_TIMEOUT, DEFAULT_DATA_TIMEOUT);
    }

    public ServerLimits withMaxCommandLine(int value) {
        return new ServerLimits(value, maxMessageSize, maxRecipients, maxConnections, idleTimeout, dataTimeout);
    }

    public ServerLimits withMaxMessageSize(long value) {
        return new ServerLimits(maxCommandLine, value, maxRecipients, maxConnections, idleTimeout, dataTimeout);
    }

    public ServerLimits withMaxRecipients(int value) {
        return new ServerLimits(maxCommandLine, maxMessageSize, value, maxConnections, idleTimeout, dataTimeout);
    }

    public ServerLimits withMaxConnections(int value) {
        return new ServerLimits(maxCommandLine, maxMessageSize, maxRecipients, value, idleTimeout, dataTimeout);
    }

    public ServerLimits withIdleTimeout(Duration value) {
        return new ServerLimits(maxCommandLine, maxMessageSize, maxRecipients, maxConnections, value, dataTimeout);
    }

    public ServerLimits withDataTimeout(Duration value) {
        return new ServerLimits(maxCommandLine, maxMessageSize, maxRecipients, maxConnections, idleTimeout, value);
    }

    private static void requirePositive(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " must be between 1 ms and ~24 days: " + d);
        }
    }
}
