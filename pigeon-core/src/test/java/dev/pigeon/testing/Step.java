package dev.pigeon.testing;

import java.time.Duration;
import java.util.Objects;

/**
 * One step of a {@link Script}: either something the server reads from the client, or a
 * {@link SocketEffect} it performs. Every read has a deadline, so a wrong client fails the script
 * instead of hanging it.
 */
public sealed interface Step permits Step.Expect, Step.ExpectData, Step.ExpectEof, Step.ReadBytes, SocketEffect {

    /**
     * Reads one CRLF-terminated line and records it; fails unless it starts with {@code prefix}
     * ({@code ""} accepts any line). A bare LF or a missing CRLF before the deadline fails too.
     */
    record Expect(String prefix, Duration timeout) implements Step {
        public Expect {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    /**
     * Reads DATA content up to and including the {@code .} CRLF line and records the content as it
     * was on the wire (still dot-stuffed, without the terminator line). The deadline covers the
     * whole content.
     */
    record ExpectData(Duration timeout) implements Step {
        public ExpectData {
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    /** Expects the client to close its side without sending another byte. */
    record ExpectEof(Duration timeout) implements Step {
        public ExpectEof {
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    /**
     * Reads and records exactly {@code count} bytes, whatever they are (part of the content, say,
     * so a following {@link SocketEffect.Reset} hangs up in the middle of DATA). Fails when the
     * client closes first.
     */
    record ReadBytes(int count, Duration timeout) implements Step {
        public ReadBytes {
            if (count < 1) {
                throw new IllegalArgumentException("count must be positive");
            }
            Objects.requireNonNull(timeout, "timeout");
        }
    }
}
