package dev.pigeon.server;

import dev.pigeon.auth.SaslServer;
import dev.pigeon.protocol.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The server's TLS and AUTH policy, apart from the protocol that applies it: what EHLO offers,
 * and whether MAIL or AUTH may go ahead given what the session has achieved so far.
 *
 * @param tls                the context for STARTTLS or implicit TLS; empty: no TLS at all
 * @param tlsOnConnect       implicit TLS (RFC 8314): handshake before the greeting
 * @param handshakeTimeout   the whole handshake must finish within this
 * @param sasl               the AUTH verifiers; empty: no AUTH
 * @param allowPlaintextAuth offer and accept AUTH without TLS (tests and labs only)
 * @param requireTls         MAIL (and AUTH) before TLS get 530
 * @param requireAuth        MAIL before AUTH gets 530
 * @param maxAuthFailures    failed AUTH attempts on one connection before it is closed with 421
 */
record ServerSecurity(Optional<SSLContext> tls, boolean tlsOnConnect, Duration handshakeTimeout,
                      Optional<SaslServer> sasl, boolean allowPlaintextAuth, boolean requireTls,
                      boolean requireAuth, int maxAuthFailures) {

    static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);
    static final int DEFAULT_MAX_AUTH_FAILURES = 3;

    ServerSecurity {
        if (tls.isEmpty() && (tlsOnConnect || requireTls)) {
            throw new IllegalArgumentException("TLS on connect and require-TLS need a TLS context");
        }
        if (sasl.isEmpty() && requireAuth) {
            throw new IllegalArgumentException("require-auth needs users to authenticate");
        }
        if (maxAuthFailures < 1) {
            throw new IllegalArgumentException("maxAuthFailures must be at least 1");
        }
    }

    static ServerSecurity none() {
        return new ServerSecurity(Optional.empty(), false, DEFAULT_HANDSHAKE_TIMEOUT, Optional.empty(), false, false,
                false, DEFAULT_MAX_AUTH_FAILURES);
    }

    /** STARTTLS is offered while TLS is configured and not yet active. */
    boolean offersStartTls(boolean tlsActive) {
        return tls.isPresent() && !tlsActive;
    }

    /** AUTH is offered under TLS, or without it only when told to (and TLS is not required). */
    boolean offersAuth(boolean tlsActive) {
        return sasl.isPresent() && (tlsActive || (allowPlaintextAuth && !requireTls));
    }

    /** The EHLO keywords this policy adds, in the order they are listed. */
    List<String> ehloKeywords(boolean tlsActive) {
        List<String> keywords = new ArrayList<>(2);
        if (offersStartTls(tlsActive)) {
            keywords.add("STARTTLS");
        }
        if (offersAuth(tlsActive)) {
            keywords.add("AUTH " + String.join(" ", sasl.orElseThrow().mechanisms()));
        }
        return keywords;
    }

    /** Why MAIL may not start yet, or null when it may. */
    Reply mailRefusal(boolean tlsActive, boolean authenticated) {
        if (requireTls && !tlsActive) {
            return Replies.STARTTLS_FIRST;
        }
        if (requireAuth && !authenticated) {
            return Replies.AUTH_REQUIRED;
        }
        return null;
    }
}
