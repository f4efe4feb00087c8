package dev.pigeon.server;

import dev.pigeon.auth.Masking;
import dev.pigeon.protocol.Command;
import dev.pigeon.protocol.CommandParser;
import dev.pigeon.protocol.EsmtpParameter;
import dev.pigeon.protocol.Mailbox;
import dev.pigeon.protocol.Reply;
import dev.pigeon.protocol.SmtpProtocolException;
import dev.pigeon.tls.HandshakeSummary;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One SMTP conversation on one accepted socket, run on its own virtual thread. Each verb has a
 * handler that checks sequence, then asks the {@link MailReceiver}, then changes state (the
 * James order: syntax, hook, state). Replies are buffered and flushed when the session is about
 * to wait for input, so a pipelined batch gets its replies in one write.
 *
 * <p>STARTTLS and AUTH live in their own handlers ({@link StartTlsHandler}, {@link AuthHandler});
 * the socket, which TLS swaps, lives in {@link SessionIo}; the TLS and AUTH policy in
 * {@link ServerSecurity}. The session keeps only what the conversation has established.
 *
 * <p>Abuse is bounded: every command and every DATA content has a deadline besides its idle
 * timeout ({@link ServerLimits}), a run of {@link ServerLimits#maxErrors()} 5xx replies ends the
 * session with 421, and replies are written under a write timeout. Before answering at each
 * {@link Chaos.Stage} the session asks its {@link ChaosSession} (no faults unless configured).
 */
final class ServerSession implements Runnable {

    /** Where the conversation stands. */
    private enum State {
        /** Greeted; no HELO/EHLO yet. */
        CONNECTED,
        /** HELO/EHLO done, no transaction. */
        READY,
        /** MAIL accepted, no recipient yet. */
        MAIL,
        /** At least one recipient accepted. */
        RCPT
    }

    /** Verbs we know but do not offer: 502, not 500. */
    private static final Set<String> NOT_IMPLEMENTED =
            Set.of("EXPN", "TURN", "HELP", "ETRN", "ATRN", "BDAT", "SEND", "SOML", "SAML");

    private final ServerConfig config;
    private final ServerSecurity security;
    private final InetSocketAddress peer;
    private final SessionIo io;
    private final ChaosSession chaos;
    /** The thread running {@link #run()}, interrupted by {@link #shutdown} (a chaos delay may be sleeping). */
    private volatile Thread runner;

    private State state = State.CONNECTED;
    /** Who the client is: HELO name, TLS, authenticated user; replaced, never mutated. */
    private ClientInfo client;
    private Mailbox from;
    private final List<Mailbox> recipients = new ArrayList<>();
    private int authFailures;
    /** 5xx replies since the last 2xx or 3xx. */
    private int consecutiveErrors;

    /** {@code number} counts the server's connections from 1; it seeds this session's chaos. */
    ServerSession(Socket socket, ServerConfig config, long number) throws IOException {
        this.config = config;
        this.security = config.security();
        this.io = new SessionIo(socket, config.limits());
        this.chaos = config.chaos().forConnection(number);
        this.peer = io.peer();
        this.client = new ClientInfo(peer, "", false);
    }

    @Override
    public void run() {
        // not try-with-resources: that would close the socket before the 421 could be sent
        runner = Thread.currentThread();
        try {
            notify(l -> l.onConnect(peer));
            if (security.tlsOnConnect() && !tlsStarted(StartTlsHandler.onConnect(io, security))) {
                return;
            }
            if (staged(Chaos.Stage.GREETING, () -> reply(Replies.greeting(config.hostname())))) {
                while (awaitCommand() && nextCommand()) {
                    if (consecutiveErrors >= config.limits().maxErrors()) {
                        send(Replies.tooManyErrors(config.hostname()));
                        break;
                    }
                }
            }
            io.flush();
        } catch (SocketTimeoutException e) {
            sendQuietly(Replies.timeout(config.hostname()));
        } catch (IOException e) {
            // the client went away or the server is closing: nothing to answer
        } finally {
            io.close();
            notify(l -> l.onDisconnect(peer));
        }
    }

    /** Starts the next command's deadlines; always true (it reads well in the loop condition). */
    private boolean awaitCommand() {
        io.expect(config.limits().idleTimeout(), config.limits().commandTimeout());
        return true;
    }

    /** From another thread (the server is closing): 421 within {@code limit}, then close. */
    void shutdown(Duration limit) {
        io.goodbye(Replies.shuttingDown(config.hostname()), limit);
        Thread t = runner;
        if (t != null) {
            t.interrupt(); // wakes a chaos delay; socket I/O has failed already
        }
    }

    /** Closes without a word (the server closed before the session started). */
    void abort() {
        io.close();
    }

    /** Reads and answers one command line; false when the session is over. */
    private boolean nextCommand() throws IOException {
        int limit = config.limits().maxCommandLine();
        // RFC 4954 section 4: an AUTH line with its initial response may be up to 12288 octets
        int readLimit = security.sasl().isPresent() ? Math.max(limit, AuthHandler.MAX_AUTH_LINE) : limit;
        SessionInput.Line line = io.input().readLine(readLimit);
        return switch (line) {
            case SessionInput.Line.End end -> false;
            case SessionInput.Line.TooLong tooLong -> reply(Replies.LINE_TOO_LONG);
            case SessionInput.Line.BareLf bareLf -> reply(Replies.BARE_LF_COMMAND);
            case SessionInput.Line.Complete complete -> complete.bytes().length + 2 > limit
                    && !AuthHandler.isAuthLine(complete.bytes())
                    ? reply(Replies.LINE_TOO_LONG)
                    : handleLine(complete.bytes());
        };
    }

    private boolean handleLine(byte[] bytes) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return reply(Replies.NOT_UTF8);
        }
        notify(l -> l.onCommand(peer, Masking.commandLine(text))); // AUTH PLAIN ****
        return switch (CommandParser.parse(text)) {
            case CommandParser.Result.Invalid invalid -> reply(invalid.reply());
            case CommandParser.Result.Parsed parsed -> handle(parsed.command());
        };
    }

    private boolean handle(Command command) throws IOException {
        return switch (command) {
            case Command.Helo helo -> staged(Chaos.Stage.HELO, () -> hello(helo.domain(), false));
            case Command.Ehlo ehlo -> staged(Chaos.Stage.HELO, () -> hello(ehlo.domain(), true));
            case Command.Mail mail -> staged(Chaos.Stage.MAIL, () -> mail(mail));
            case Command.Rcpt rcpt -> staged(Chaos.Stage.RCPT, () -> rcpt(rcpt));
            case Command.Data data -> staged(Chaos.Stage.DATA, this::data);
            case Command.Rset rset -> rset();
            case Command.Noop noop -> reply(Replies.OK);
            case Command.Vrfy vrfy -> reply(Replies.CANNOT_VRFY);
            case Command.Quit quit -> quit();
            case Command.StartTls startTls -> startTls();
            case Command.Auth auth -> auth(auth);
            case Command.Lhlo lhlo -> reply(Replies.NOT_RECOGNIZED); // an SMTP server; the parser reads LHLO as Unknown
            case Command.Bdat bdat -> reply(Replies.NOT_IMPLEMENTED); // the parser reads BDAT as Unknown
            case Command.Unknown unknown ->
                    reply(NOT_IMPLEMENTED.contains(unknown.verb()) ? Replies.NOT_IMPLEMENTED : Replies.NOT_RECOGNIZED);
        };
    }

    private boolean hello(String name, boolean esmtp) throws IOException {
        client = new ClientInfo(peer, name, esmtp, client.tls(), client.authenticatedUser());
        resetTransaction();
        state = State.READY;
        if (!esmtp) {
            return reply(Replies.helo(config.hostname()));
        }
        return reply(Replies.ehlo(config.hostname(), name, config.limits().maxMessageSize(),
                security.ehloKeywords(client.isTls())));
    }

    private boolean mail(Command.Mail mail) throws IOException {
        if (state == State.CONNECTED) {
            return reply(Replies.HELLO_FIRST);
        }
        if (state != State.READY) {
            return reply(Replies.NESTED_MAIL);
        }
        Reply policy = security.mailRefusal(client.isTls(), client.isAuthenticated());
        if (policy != null) {
            return reply(policy);
        }
        for (EsmtpParameter p : mail.parameters()) {
            Reply refusal = checkMailParameter(p);
            if (refusal != null) {
                return reply(refusal);
            }
        }
        Reply refusal = refusal(() -> config.receiver().onMail(client, mail.reversePath()));
        if (refusal != null) {
            return reply(refusal);
        }
        from = mail.reversePath();
        state = State.MAIL;
        return reply(Replies.SENDER_OK);
    }

    /** SIZE (RFC 1870) and BODY (RFC 6152) are what we announce; anything else is 555. */
    private Reply checkMailParameter(EsmtpParameter p) {
        String keyword = p.keyword().toUpperCase(Locale.ROOT);
        String value = p.value().orElse("");
        if (keyword.equals("SIZE")) {
            if (!value.matches("[0-9]{1,18}")) {
                return Replies.BAD_SIZE;
            }
            return Long.parseLong(value) > config.limits().maxMessageSize() ? Replies.MESSAGE_TOO_BIG : null;
        }
        if (keyword.equals("BODY")) {
            return value.equalsIgnoreCase("7BIT") || value.equalsIgnoreCase("8BITMIME") ? null : Replies.BAD_BODY;
        }
        return Replies.UNSUPPORTED_PARAMETER;
    }

    private boolean rcpt(Command.Rcpt rcpt) throws IOException {
        if (state == State.CONNECTED) {
            return reply(Replies.HELLO_FIRST);
        }
        if (state == State.READY) {
            return reply(Replies.MAIL_FIRST);
        }
        if (!rcpt.parameters().isEmpty()) {
            return reply(Replies.UNSUPPORTED_PARAMETER);
        }
        if (recipients.size() >= config.limits().maxRecipients()) {
            return reply(Replies.TOO_MANY_RECIPIENTS);
        }
        Reply refusal = refusal(() -> config.receiver().onRecipient(client, from, rcpt.forwardPath()));
        if (refusal != null) {
            return reply(refusal);
        }
        recipients.add(rcpt.forwardPath());
        state = State.RCPT;
        return reply(Replies.RECIPIENT_OK);
    }

    private boolean data() throws IOException {
        switch (state) {
            case CONNECTED -> {
                return reply(Replies.HELLO_FIRST);
            }
            case READY -> {
                return reply(Replies.MAIL_FIRST_DATA);
            }
            case MAIL -> {
                return reply(Replies.NO_VALID_RECIPIENTS);
            }
            case RCPT -> {
                return receiveContent();
            }
        }
        throw new AssertionError(state);
    }

    private boolean receiveContent() throws IOException {
        send(Replies.START_DATA);
        List<Mailbox> envelopeRecipients = List.copyOf(recipients);
        Mailbox sender = from;
        resetTransaction(); // whatever happens next, this transaction is over
        // drawn now, applied after the dot: a message the chaos refuses or drops is never stored
        ChaosSession.Outcome atDot = chaos.at(Chaos.Stage.DOT);
        MailReceiver receiver = atDot instanceof ChaosSession.Outcome.Proceed ? config.receiver() : REFUSE_ALL;
        DataIntake.Outcome outcome;
        io.expect(config.limits().dataTimeout(), config.limits().messageTimeout());
        try {
            outcome = DataIntake.receive(io.input(), config, receiver, client, sender, envelopeRecipients);
        } catch (SmtpProtocolException e) {
            // after a bare CR or LF we cannot tell where the message ends: stop talking
            send(Replies.BARE_LINE_ENDING_DATA);
            io.flush();
            return false;
        }
        return staged(Chaos.Stage.DOT, atDot, () -> stored(outcome));
    }

    private boolean stored(DataIntake.Outcome outcome) throws IOException {
        return switch (outcome) {
            case DataIntake.Outcome.Refused refused -> reply(refused.reply());
            case DataIntake.Outcome.Stored stored -> {
                ReceivedMessage message = config.inbox()
                        .add(stored.envelope(), stored.path(), stored.traceHeaderLength(), Instant.now());
                notify(l -> l.onMessage(message));
                yield reply(Replies.queued(stored.id()));
            }
        };
    }

    private boolean startTls() throws IOException {
        return tlsStarted(StartTlsHandler.handle(io, security, state != State.CONNECTED, this::send));
    }

    /**
     * Applies a STARTTLS or implicit-TLS outcome; false when the session must end. After the
     * handshake everything learnt in plaintext is forgotten (RFC 3207 section 4.2): HELO name,
     * transaction, authentication. The client speaks next, with EHLO.
     */
    private boolean tlsStarted(StartTlsHandler.Outcome outcome) throws IOException {
        return switch (outcome) {
            case StartTlsHandler.Outcome.Refused refused -> reply(refused.reply());
            case StartTlsHandler.Outcome.Failed failed -> {
                notify(l -> l.onTlsFailed(peer, failed.reason()));
                yield false;
            }
            case StartTlsHandler.Outcome.Started started -> {
                HandshakeSummary handshake = started.handshake();
                client = new ClientInfo(peer, "", false, Optional.of(handshake), Optional.empty());
                state = State.CONNECTED;
                resetTransaction();
                notify(l -> l.onTlsStarted(peer, handshake, started.discardedBytes()));
                yield true;
            }
        };
    }

    private boolean auth(Command.Auth auth) throws IOException {
        Reply refusal = AuthHandler.refusal(security, client, state == State.MAIL || state == State.RCPT);
        if (refusal != null) {
            return reply(refusal);
        }
        return switch (AuthHandler.exchange(security.sasl().orElseThrow(), auth, io, this::send)) {
            case AuthHandler.Outcome.NotAttempted notAttempted -> true;
            case AuthHandler.Outcome.ClientGone gone -> false;
            case AuthHandler.Outcome.Authenticated ok -> {
                client = new ClientInfo(peer, client.heloName(), client.esmtp(), client.tls(), Optional.of(ok.user()));
                notify(l -> l.onAuthenticated(peer, auth.mechanism(), ok.user()));
                yield true;
            }
            case AuthHandler.Outcome.Failed failed -> {
                notify(l -> l.onAuthFailed(peer, auth.mechanism(), failed.detail()));
                if (++authFailures >= security.maxAuthFailures()) {
                    send(Replies.tooManyAuthFailures(config.hostname()));
                    yield false;
                }
                yield true;
            }
        };
    }

    private boolean rset() throws IOException {
        resetTransaction();
        return reply(Replies.OK);
    }

    private boolean quit() throws IOException {
        send(Replies.bye(config.hostname()));
        return false;
    }

    private void resetTransaction() {
        from = null;
        recipients.clear();
        if (state != State.CONNECTED) {
            state = State.READY;
        }
    }

    /** A handler step, run when the chaos lets it. */
    @FunctionalInterface
    private interface Step {
        boolean run() throws IOException;
    }

    /** Stands in for the receiver when the chaos refuses or drops a message: nothing is stored. */
    private static final MailReceiver REFUSE_ALL = new MailReceiver() {
        @Override
        public Decision onMessage(ReceivedEnvelope envelope, java.io.InputStream content) {
            return Decision.reject(Replies.LOCAL_ERROR);
        }
    };

    private boolean staged(Chaos.Stage stage, Step step) throws IOException {
        return staged(stage, chaos.at(stage), step);
    }

    /**
     * Applies what the chaos drew for {@code stage}: a delay, then the step, an injected reply
     * (421, and anything at the greeting, ends the session) or a disconnect.
     */
    private boolean staged(Chaos.Stage stage, ChaosSession.Outcome outcome, Step step) throws IOException {
        String fault = ChaosSession.describe(stage, outcome);
        if (fault == null) {
            return step.run();
        }
        notify(l -> l.onFault(peer, fault));
        try {
            Thread.sleep(outcome.delay());
        } catch (InterruptedException e) {
            return false; // the server is closing
        }
        return switch (outcome) {
            case ChaosSession.Outcome.Proceed proceed -> step.run();
            case ChaosSession.Outcome.Answer answer -> {
                send(answer.reply());
                yield stage != Chaos.Stage.GREETING && answer.reply().code() != 421;
            }
            case ChaosSession.Outcome.Disconnect disconnect -> false;
        };
    }

    /** The receiver's rejection reply, or null when it accepts; a failing hook is a 451. */
    private static Reply refusal(Supplier<Decision> hook) {
        try {
            return hook.get() instanceof Decision.Reject reject ? reject.reply() : null;
        } catch (RuntimeException e) {
            return Replies.LOCAL_ERROR;
        }
    }

    /** Queues a reply and keeps the session going. */
    private boolean reply(Reply reply) throws IOException {
        send(reply);
        return true;
    }

    private void send(Reply reply) throws IOException {
        if (reply.code() >= 500) {
            consecutiveErrors++;
        } else if (reply.code() < 400) {
            consecutiveErrors = 0;
        }
        io.write(reply);
        notify(l -> l.onReply(peer, reply));
    }

    private void sendQuietly(Reply reply) {
        try {
            send(reply);
            io.flush();
        } catch (IOException e) {
            // the client is gone as well
        }
    }

    private void notify(Consumer<ServerListener> event) {
        try {
            event.accept(config.listener());
        } catch (RuntimeException e) {
            // a listener must not break the conversation
        }
    }
}
