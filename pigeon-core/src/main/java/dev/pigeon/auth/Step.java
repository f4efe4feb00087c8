package dev.pigeon.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * What the server side of an AUTH exchange does next: send a 334 challenge, accept (235), or
 * refuse. A {@link Failure}'s detail is for the server's own log; the client gets only the
 * reply of its {@link Failure.Reason}, so it cannot tell an unknown user from a wrong password.
 */
public sealed interface Step {

    /** Send {@code 334 <base64 of data>} and wait for the client's next line. */
    record Challenge(byte[] data) implements Step {
        public Challenge {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public String toString() {
            return "Challenge[" + data.length + " bytes]";
        }
    }

    /**
     * Authenticated as {@code user} (the name as the store holds it): send 235. SMTP has no room
     * for additional data with success (RFC 4954), so the verifiers here send SCRAM's
     * server-final as a last {@link Challenge} and leave this empty.
     */
    record Success(String user, Optional<byte[]> additionalData) implements Step {
        public Success {
            Objects.requireNonNull(user, "user");
            additionalData = additionalData.map(byte[]::clone);
        }

        @Override
        public String toString() {
            return "Success[user=" + user + "]";
        }
    }

    /** Refused; {@code detail} says why, for the server's log only. */
    record Failure(Reason reason, String detail) implements Step {
        public Failure {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        /** Why, with the reply the server sends for it (RFC 4954 section 6). */
        public enum Reason {
            INVALID_CREDENTIALS(535, "5.7.8", "Authentication credentials invalid"),
            MALFORMED(501, "5.5.2", "Cannot decode the authentication response"),
            CANCELLED(501, "5.7.0", "Authentication cancelled");

            private final int replyCode;
            private final String enhancedStatus;
            private final String text;

            Reason(int replyCode, String enhancedStatus, String text) {
                this.replyCode = replyCode;
                this.enhancedStatus = enhancedStatus;
                this.text = text;
            }

            public int replyCode() {
                return replyCode;
            }

            public String enhancedStatus() {
                return enhancedStatus;
            }

            /** The reply text after the code and enhanced status. */
            public String text() {
                return text;
            }
        }
    }
}
