package dev.pigeon.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Turns a {@link Command} into wire bytes: its line in UTF-8 followed by CRLF.
 *
 * <p>The records already refuse control characters; the encoder checks the encoded bytes once
 * more, so no future command type can put a CR, LF or NUL on the wire by mistake.
 */
public final class CommandEncoder {
    /** RFC 5321 4.5.3.1.4: a command line is at most 512 octets including CRLF. */
    public static final int MAX_COMMAND_LINE = 512;

    private CommandEncoder() {}

    public static byte[] encode(Command command) {
        byte[] text = command.line().getBytes(StandardCharsets.UTF_8);
        for (byte b : text) {
            if (b == '\r' || b == '\n' || b == 0) {
                throw new IllegalArgumentException(command.verb() + " command would carry CR, LF or NUL");
            }
        }
        byte[] out = new byte[text.length + 2];
        System.arraycopy(text, 0, out, 0, text.length);
        out[text.length] = '\r';
        out[text.length + 1] = '\n';
        return out;
    }
}
