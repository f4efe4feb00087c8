package dev.pigeon.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * What the scripted server does to the connection: well-behaved sends and the faults a hostile or
 * broken server produces. Effects that end the connection ({@link Close}, {@link CloseMidReply},
 * {@link Reset}, {@link Stall}) end the script.
 */
public sealed interface SocketEffect extends Step {

    /** Writes the bytes as they are and flushes. */
    record SendBytes(byte[] bytes) implements SocketEffect {
        public SendBytes {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** The text as ISO-8859-1 bytes (one byte per char), without adding a line ending. */
        public static SendBytes raw(String text) {
            return new SendBytes(text.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /**
     * Writes the bytes one at a time, each followed by a flush and {@code interval} of silence.
     * When the client hangs up meanwhile, the script ends quietly (the client gave up waiting).
     */
    record Drip(byte[] bytes, Duration interval) implements SocketEffect {
        public Drip {
            bytes = bytes.clone();
            Objects.requireNonNull(interval, "interval");
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /** Does nothing for a while (shapes timing, e.g. to split a reply across reads). */
    record Pause(Duration duration) implements SocketEffect {
        public Pause {
            Objects.requireNonNull(duration, "duration");
        }
    }

    /**
     * Holds the connection open, reading and writing nothing, until the server is closed (the end
     * of the test) or {@code max} passes. The client's writes pile up in the socket buffers.
     */
    record Stall(Duration max) implements SocketEffect {
        public Stall {
            Objects.requireNonNull(max, "max");
        }
    }

    /** Closes the connection (FIN) at once, with no drain. */
    record Close() implements SocketEffect {}

    /** Sends part of a reply and closes: the client sees EOF in the middle of a reply. */
    record CloseMidReply(byte[] partial) implements SocketEffect {
        public CloseMidReply {
            partial = partial.clone();
        }

        @Override
        public byte[] partial() {
            return partial.clone();
        }
    }

    /** Shuts down the server's output (FIN) but keeps reading; later steps may still expect. */
    record HalfClose() implements SocketEffect {}

    /** Aborts the connection with a TCP RST (SO_LINGER 0). */
    record Reset() implements SocketEffect {}

    /**
     * Layers server-side TLS over the connection and handshakes (STARTTLS after a 220, or implicit
     * TLS as the first step). Later steps read and write under TLS; the recording goes on with the
     * decrypted bytes, and {@link ScriptedConnection#tlsStartedAt()} marks where TLS began. When the
     * client refuses the handshake (a certificate it does not trust, say), the script ends quietly
     * and {@link ScriptedConnection#tlsHandshakeFailed()} says so.
     */
    record StartTls(SSLContext context) implements SocketEffect {
        public StartTls {
            Objects.requireNonNull(context, "context");
        }
    }

    /**
     * Writes {@code unit} again and again, {@code maxBytes} in all at most: an endless reply line,
     * or continuation lines without end. Stops quietly when the client closes or resets (the point
     * is that it gives up), and the connection records how much went out
     * ({@link ScriptedConnection#floodedBytes()}). Put it last: the drain that follows records
     * whatever the client sent before it closed.
     */
    record Flood(byte[] unit, long maxBytes) implements SocketEffect {
        public Flood {
            if (unit.length == 0 || maxBytes < 1) {
                throw new IllegalArgumentException("a flood needs bytes");
            }
            unit = unit.clone();
        }

        @Override
        public byte[] unit() {
            return unit.clone();
        }

        public static Flood of(String unit, long maxBytes) {
            return new Flood(unit.getBytes(StandardCharsets.ISO_8859_1), maxBytes);
        }
    }
}
