package dev.pigeon.client;

import java.util.OptionalLong;

/**
 * Which extensions one transaction actually used, for reports (say, {@code --json}).
 *
 * @param pipelined    MAIL, the RCPTs (and DATA) went in one batch
 * @param chunked      the content went in BDAT chunks, not DATA
 * @param declaredSize the {@code SIZE=} declared on MAIL, if any
 * @param body         the body type declared ({@link Body#SEVEN_BIT} means no BODY parameter)
 * @param smtputf8     {@code SMTPUTF8} was given on MAIL
 * @param dsn          DSN parameters were sent
 */
public record ExtensionsUsed(boolean pipelined, boolean chunked, OptionalLong declaredSize, Body body,
                             boolean smtputf8, boolean dsn) {
    /** Nothing used: the transaction ended before MAIL, or ran without extensions. */
    public static final ExtensionsUsed NONE =
            new ExtensionsUsed(false, false, OptionalLong.empty(), Body.SEVEN_BIT, false, false);

    /** The RFC 6152 / RFC 3030 body types. */
    public enum Body {
        SEVEN_BIT("7BIT"), EIGHT_BIT_MIME("8BITMIME"), BINARY_MIME("BINARYMIME");

        private final String keyword;

        Body(String keyword) {
            this.keyword = keyword;
        }

        /** The value of the BODY parameter. */
        public String keyword() {
            return keyword;
        }
    }
}
