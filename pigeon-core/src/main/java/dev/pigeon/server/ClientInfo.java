package dev.pigeon.server;

import java.net.InetSocketAddress;

/**
 * Who is talking to the server: the peer's address and what it said in HELO/EHLO.
 *
 * @param heloName the HELO/EHLO argument as the client sent it (unverified, may be non-ASCII)
 * @param esmtp    true after EHLO, false after HELO
 */
public record ClientInfo(InetSocketAddress address, String heloName, boolean esmtp) {}
