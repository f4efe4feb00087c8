package dev.pigeon.message;

import dev.pigeon.protocol.CrlfOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.OptionalLong;

/** The size of content once its line endings are CRLF, counted by reading it once. */
final class CanonicalSize {
    private CanonicalSize() {}

    static OptionalLong of(MessageSource source) {
        try {
            CrlfOutputStream counter = new CrlfOutputStream(OutputStream.nullOutputStream());
            source.writeTo(counter);
            counter.finish();
            return OptionalLong.of(counter.bytesWritten());
        } catch (IOException e) {
            return source.size(); // the transfer will report the read failure itself
        }
    }
}
