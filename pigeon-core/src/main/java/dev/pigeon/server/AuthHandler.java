package dev.pigeon.server;

import dev.pigeon.auth.AuthenticationException;
import dev.pigeon.auth.SaslBase64;
import dev.pigeon.auth.SaslServer;
import dev.pigeon.auth.ServerSaslExchange;
import dev.pigeon.auth.Step;
import dev.pigeon.protocol.Command;
import dev.pigeon.protocol.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * AUTH on the server (RFC 4954): whether it may run now ({@link #refusal}), then one SASL
 * exchange driven to its verdict ({@link #exchange}): 334 challenges in base64, each client line
 * bounded in size ({@link SaslServer#MAX_RESPONSE_BYTES} decoded) and in number, {@code *}
 * cancels. The handler sends every reply of the exchange itself; the session keeps the verdict.
 * Client lines of the exchange never reach a listener (they carry secrets or proofs).
 */
final class AuthHandler {
    /** A response line: the base64 of the largest response, plus CRLF. */
    static final int MAX_RESPONSE_LINE = 4 * ((SaslServer.MAX_RESPONSE_BYTES + 2) / 3) + 2;
    /** The longest AUTH command line, CRLF included (RFC 4954 section 4). */
    static final int MAX_AUTH_LINE = 12288;
    /** Challenges per attempt, whatever the mechanism says (ours need at most two). */
    static final int MAX_CHALLENGES = 8;

    sealed interface Outcome {
        record Authenticated(String user) implements Outcome {}

        /** The attempt failed (bad credentials, malformed, cancelled); it counts toward the limit. */
        record Failed(Step.Failure.Reason reason, String detail) implements Outcome {}

        /** Not an attempt: the mechanism is unknown. */
        record NotAttempted() implements Outcome {}

        /** The client closed the connection mid-exchange. */
        record ClientGone() implements Outcome {}
    }

    private AuthHandler() {}

    /** True for a command line starting {@code AUTH } (any case): it may exceed the usual line limit. */
    static boolean isAuthLine(byte[] line) {
        return line.length > 5 && new String(line, 0, 5, StandardCharsets.ISO_8859_1).equalsIgnoreCase("AUTH ");
    }

    /**
     * Why AUTH may not run now, or null when it may. Sequence first (RFC 4954 section 4), then the
     * TLS policy: 530 when TLS is required, 538 when AUTH is not allowed without it.
     */
    static Reply refusal(ServerSecurity security, ClientInfo client, boolean inTransaction) {
        if (security.sasl().isEmpty()) {
            return Replies.NOT_IMPLEMENTED;
        }
        if (!client.esmtp()) {
            return Replies.EHLO_FIRST;
        }
        if (client.isAuthenticated()) {
            return Replies.ALREADY_AUTHENTICATED;
        }
        if (inTransaction) {
            return Replies.AUTH_IN_TRANSACTION;
        }
        if (!client.isTls() && security.requireTls()) {
            return Replies.STARTTLS_FIRST;
        }
        if (!client.isTls() && !security.allowPlaintextAuth()) {
            return Replies.ENCRYPTION_REQUIRED;
        }
        return null;
    }

    /** Runs one exchange; the caller checked {@link #refusal} first. */
    static Outcome exchange(SaslServer sasl, Command.Auth auth, SessionIo io, ReplySink sink) throws IOException {
        if (!sasl.supports(auth.mechanism())) {
            sink.send(Replies.UNKNOWN_MECHANISM);
            return new Outcome.NotAttempted();
        }
        Optional<byte[]> initial;
        try {
            initial = auth.initialResponse().isEmpty() ? Optional.empty()
                    : Optional.of(SaslBase64.decode(auth.initialResponse().get(), SaslServer.MAX_RESPONSE_BYTES));
        } catch (AuthenticationException e) {
            return fail(sink, Step.Failure.Reason.MALFORMED, "initial response: " + e.getMessage());
        }
        ServerSaslExchange exchange = sasl.start(auth.mechanism(), initial);
        Step step = exchange.begin();
        int challenges = 0;
        while (step instanceof Step.Challenge challenge) {
            if (++challenges > MAX_CHALLENGES) {
                return fail(sink, Step.Failure.Reason.MALFORMED, "too many challenges");
            }
            sink.send(Replies.challenge(challenge.data()));
            SessionInput.Line line = io.input().readLine(MAX_RESPONSE_LINE);
            switch (line) {
                case SessionInput.Line.End end -> {
                    return new Outcome.ClientGone();
                }
                case SessionInput.Line.TooLong tooLong -> {
                    exchange.cancel();
                    sink.send(Replies.AUTH_RESPONSE_TOO_LONG);
                    return new Outcome.Failed(Step.Failure.Reason.MALFORMED, "response line too long");
                }
                case SessionInput.Line.BareLf bareLf -> {
                    return fail(sink, Step.Failure.Reason.MALFORMED, "response line ended in a bare LF");
                }
                case SessionInput.Line.Complete complete -> step = respond(exchange, complete.bytes());
            }
        }
        return switch (step) {
            case Step.Success success -> {
                sink.send(Replies.AUTH_SUCCEEDED);
                yield new Outcome.Authenticated(success.user());
            }
            case Step.Failure failure -> fail(sink, failure.reason(), failure.detail());
            case Step.Challenge challenge -> throw new AssertionError("the loop ends on a verdict");
        };
    }

    /** The next step for one client line: {@code *} cancels; anything not base64 is malformed. */
    private static Step respond(ServerSaslExchange exchange, byte[] line) {
        String text = new String(line, StandardCharsets.ISO_8859_1);
        if (text.equals(SaslBase64.CANCEL)) {
            return exchange.cancel();
        }
        byte[] decoded;
        try {
            decoded = text.isEmpty() ? new byte[0] : SaslBase64.decode(text, SaslServer.MAX_RESPONSE_BYTES);
        } catch (AuthenticationException e) {
            exchange.cancel();
            return new Step.Failure(Step.Failure.Reason.MALFORMED, e.getMessage());
        }
        return exchange.step(decoded);
    }

    private static Outcome fail(ReplySink sink, Step.Failure.Reason reason, String detail) throws IOException {
        sink.send(Replies.authFailure(reason));
        return new Outcome.Failed(reason, detail);
    }
}
