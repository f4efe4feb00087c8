package dev.pigeon.cli;

import dev.pigeon.client.Protocol;
import java.nio.file.Path;
import picocli.CommandLine.ParseResult;

/**
 * Where {@code pigeon send} goes besides {@code --server}: a unix-domain socket
 * ({@code --socket PATH}), and the port LMTP uses when none is given.
 *
 * <p>LMTP has no registered port; 24 ("any private mail system") is where Dovecot, Cyrus and most
 * guides put it, so {@code --protocol lmtp} without {@code --port} uses 24.
 */
final class SendTarget {
    static final int LMTP_PORT = 24;

    private SendTarget() {}

    /**
     * Checks {@code --socket} against the options it excludes (a usage error names the clash) and
     * returns the TCP port to use.
     *
     * @param port the value {@code --port} has, given or defaulted
     */
    static int checkedPort(ParseResult parsed, Path socket, Protocol protocol, int port, TlsOptions tls) {
        boolean portGiven = parsed.hasMatchedOption("--port");
        if (socket != null) {
            Text.requireNoControls("--socket", socket.toString());
            for (String other : new String[] {"--server", "--port", "--dns-server"}) {
                if (parsed.hasMatchedOption(other)) {
                    throw Failure.usage("--socket and " + other + " cannot be combined: a unix-domain socket is"
                            + " the whole address");
                }
            }
            if (tls.mode != null && (tls.mode.required || tls.mode.onConnect)) {
                throw Failure.usage("a unix-domain socket (--socket) has no TLS: drop --tls/--tls-on-connect");
            }
            return port;
        }
        return protocol == Protocol.LMTP && !portGiven ? LMTP_PORT : port;
    }
}
