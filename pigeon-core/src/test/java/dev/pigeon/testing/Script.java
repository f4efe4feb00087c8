package dev.pigeon.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the scripted server does on one connection, in order. After the last step the server keeps
 * reading (and recording) until the client closes or {@link #drainTimeout()} passes, so a QUIT the
 * script did not expect still shows up in the recording.
 *
 * <pre>{@code
 * Script script = Script.builder()
 *     .send("220 lab ESMTP")
 *     .expect("EHLO ").send("250 ok")
 *     .expect("QUIT").send("221 bye")
 *     .build();
 * }</pre>
 */
public record Script(List<Step> steps, Duration drainTimeout) {
    /** The deadline of a read when the builder is not told otherwise. */
    public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(5);

    public Script {
        steps = List.copyOf(steps);
        Objects.requireNonNull(drainTimeout, "drainTimeout");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A plain SMTP server that accepts one message, replying to each command in turn. */
    public static Builder acceptingOneMessage(String heloVerb, int recipients) {
        Builder b = builder().send("220 scripted.test ESMTP").expect(heloVerb).send("250 scripted.test")
                .expect("MAIL FROM:").send("250 2.1.0 ok");
        for (int i = 0; i < recipients; i++) {
            b.expect("RCPT TO:").send("250 2.1.5 ok");
        }
        return b.expect("DATA").send("354 go ahead").expectData().send("250 2.0.0 queued")
                .expect("QUIT").send("221 2.0.0 bye");
    }

    public static final class Builder {
        private final List<Step> steps = new ArrayList<>();
        private Duration stepTimeout = DEFAULT_STEP_TIMEOUT;
        private Duration drainTimeout = DEFAULT_STEP_TIMEOUT;

        private Builder() {}

        /** The deadline of each later read step. */
        public Builder stepTimeout(Duration timeout) {
            this.stepTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** How long to wait for the client to close after the last step. */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Sends one reply line (or several, each a line) with CRLF appended to each. */
        public Builder send(String... lines) {
            StringBuilder sb = new StringBuilder();
            for (String line : lines) {
                sb.append(line).append("\r\n");
            }
            return then(SocketEffect.SendBytes.raw(sb.toString()));
        }

        /** Sends bytes exactly as given (no CRLF added): for malformed replies. */
        public Builder sendRaw(String text) {
            return then(SocketEffect.SendBytes.raw(text));
        }

        /** Reads a line that must start with {@code prefix}. */
        public Builder expect(String prefix) {
            return then(new Step.Expect(prefix, stepTimeout));
        }

        /** Reads a line, whatever it says. */
        public Builder expectAnyLine() {
            return expect("");
        }

        public Builder expectData() {
            return then(new Step.ExpectData(stepTimeout));
        }

        public Builder expectEof() {
            return then(new Step.ExpectEof(stepTimeout));
        }

        /** Sends the lines (CRLF after each) one byte at a time, {@code interval} apart. */
        public Builder drip(Duration interval, String... lines) {
            StringBuilder sb = new StringBuilder();
            for (String line : lines) {
                sb.append(line).append("\r\n");
            }
            return then(new SocketEffect.Drip(sb.toString().getBytes(StandardCharsets.ISO_8859_1), interval));
        }

        public Builder pause(Duration duration) {
            return then(new SocketEffect.Pause(duration));
        }

        /** Stops reading and writing until the server closes (at most a minute). */
        public Builder stall() {
            return then(new SocketEffect.Stall(Duration.ofMinutes(1)));
        }

        public Builder close() {
            return then(new SocketEffect.Close());
        }

        public Builder closeMidReply(String partial) {
            return then(new SocketEffect.CloseMidReply(partial.getBytes(StandardCharsets.ISO_8859_1)));
        }

        public Builder halfClose() {
            return then(new SocketEffect.HalfClose());
        }

        /** Server-side TLS from here on (see {@link SocketEffect.StartTls}). */
        public Builder startTls(javax.net.ssl.SSLContext context) {
            return then(new SocketEffect.StartTls(context));
        }

        public Builder reset() {
            return then(new SocketEffect.Reset());
        }

        /** Writes {@code unit} over and over, up to {@code maxBytes} (see {@link SocketEffect.Flood}). */
        public Builder flood(String unit, long maxBytes) {
            return then(SocketEffect.Flood.of(unit, maxBytes));
        }

        /**
         * Reads {@code contentBytes} of what follows (the content, after a 354) and resets the
         * connection: the server vanishes in the middle of DATA.
         */
        public Builder closeMidData(int contentBytes) {
            return then(new Step.ReadBytes(contentBytes, stepTimeout)).then(new SocketEffect.Reset());
        }

        /**
         * Answers STARTTLS with {@code reply} and, in the same write, {@code injected}: the
         * CVE-2011-0411 plaintext injection. The client must not read it, nor start TLS.
         */
        public Builder injectAfterStartTls(String reply, String injected) {
            return sendRaw(reply + "\r\n" + injected);
        }

        public Builder then(Step step) {
            steps.add(Objects.requireNonNull(step));
            return this;
        }

        public Script build() {
            return new Script(steps, drainTimeout);
        }
    }
}
