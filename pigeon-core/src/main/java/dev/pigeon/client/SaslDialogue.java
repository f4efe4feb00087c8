package dev.pigeon.client;

import dev.pigeon.auth.AuthenticationException;
import dev.pigeon.auth.SaslBase64;
import dev.pigeon.auth.SaslExchange;
import dev.pigeon.protocol.Command;
import dev.pigeon.protocol.Reply;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * One RFC 4954 AUTH dialogue on a session: the AUTH command, then a response to each 334 until
 * the server's final reply. Secrets exist only as short-lived byte arrays, wiped once encoded;
 * what the listener sees is masked by {@link Command#displayLine()} and
 * {@link SaslExchange#maskedResponseLine()}.
 */
final class SaslDialogue {
    /** RFC 4954 section 4: an AUTH command line (with its initial response) may reach 12288 octets. */
    static final int MAX_AUTH_LINE = 12288;

    private final ClientSession session;
    private final Duration timeout;

    SaslDialogue(ClientSession session, Duration timeout) {
        this.session = session;
        this.timeout = timeout;
    }

    Reply run(SaslExchange exchange) throws SessionException, AuthenticationException {
        Optional<byte[]> initial = exchange.initialResponse();
        String encoded = initial.map(SaslDialogue::encodeInitialAndWipe).orElse(null);
        // Too long for the command line: send it in answer to the server's empty 334 instead.
        boolean onLine = encoded != null && ("AUTH " + exchange.mechanism() + " " + encoded).length() + 2 <= MAX_AUTH_LINE;
        Command.Auth command = new Command.Auth(exchange.mechanism(), onLine ? Optional.of(encoded) : Optional.empty());
        String pending = onLine ? null : encoded;
        Reply reply = session.exchange(Stage.AUTH, command, timeout);
        int challenges = 0;
        while (reply.code() == 334) {
            if (++challenges > SaslExchange.MAX_CHALLENGES + 1) {
                return cancel(exchange, new AuthenticationException(exchange.mechanism() + ": more than "
                        + SaslExchange.MAX_CHALLENGES + " challenges"));
            }
            String response;
            try {
                byte[] challenge = SaslBase64.decode(challengeText(reply), SaslExchange.MAX_CHALLENGE_BYTES);
                if (pending != null && challenge.length == 0) {
                    response = pending;
                    pending = null;
                } else {
                    response = encodeAndWipe(exchange.respond(challenge));
                }
            } catch (AuthenticationException e) {
                return cancel(exchange, e);
            }
            reply = session.sendLine(Stage.AUTH, response, exchange.maskedResponseLine(), timeout);
        }
        if (reply.code() == 235) {
            exchange.complete(Optional.empty());
        }
        return reply;
    }

    /** Tells the server we give up ({@code *}), reads its answer (501), and reports why. */
    private Reply cancel(SaslExchange exchange, AuthenticationException why)
            throws SessionException, AuthenticationException {
        session.sendLine(Stage.AUTH, SaslBase64.CANCEL, SaslBase64.CANCEL, timeout);
        throw why;
    }

    /** The 334 text as it came (base64 is ASCII); only the first line counts. */
    private static String challengeText(Reply reply) {
        String line = reply.lines().getFirst();
        return line.length() > 4 ? line.substring(4) : "";
    }

    private static String encodeInitialAndWipe(byte[] bytes) {
        try {
            return SaslBase64.encodeInitialResponse(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static String encodeAndWipe(byte[] bytes) {
        try {
            return SaslBase64.encode(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
