package dev.pigeon.server;

import dev.pigeon.tls.HandshakeSummary;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is talking to the server: the peer's address, what it said in HELO/EHLO, and what the
 * connection has proven since.
 *
 * @param heloName          the HELO/EHLO argument as the client sent it (unverified, may be non-ASCII)
 * @param esmtp             true after EHLO, false after HELO
 * @param tls               the TLS handshake (STARTTLS or implicit), when the session runs under TLS
 * @param authenticatedUser the user name AUTH proved (as the user store holds it), if any
 */
public record ClientInfo(InetSocketAddress address, String heloName, boolean esmtp, Optional<HandshakeSummary> tls,
                         Optional<String> authenticatedUser) {

    public ClientInfo {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(heloName, "heloName");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(authenticatedUser, "authenticatedUser");
    }

    /** A client on a plain connection that has not authenticated. */
    public ClientInfo(InetSocketAddress address, String heloName, boolean esmtp) {
        this(address, heloName, esmtp, Optional.empty(), Optional.empty());
    }

    public boolean isTls() {
        return tls.isPresent();
    }

    public boolean isAuthenticated() {
        return authenticatedUser.isPresent();
    }

    /**
     * The protocol name for the Received header's {@code with} clause (RFC 3848): SMTP after HELO,
     * ESMTP after EHLO, with {@code S} for TLS and {@code A} for AUTH (ESMTPS, ESMTPA, ESMTPSA).
     */
    public String protocolName() {
        if (!esmtp) {
            return "SMTP";
        }
        return "ESMTP" + (isTls() ? "S" : "") + (isAuthenticated() ? "A" : "");
    }
}
