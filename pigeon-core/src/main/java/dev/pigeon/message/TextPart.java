package dev.pigeon.message;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A text/plain or text/html part, encoded and held in memory. */
record TextPart(String subtype, TextBody body) implements MimePart {

    @Override
    public List<HeaderField> fields() {
        return List.of(new HeaderField("Content-Type", body.contentType(subtype)),
                new HeaderField("Content-Transfer-Encoding", body.transferEncoding().token()));
    }

    @Override
    public void writeBody(OutputStream out) throws IOException {
        out.write(body.encoded());
    }

    @Override
    public long bodySize() {
        return body.encoded().length;
    }

    @Override
    public boolean eightBit() {
        return body.transferEncoding() == TextBody.TransferEncoding.EIGHT_BIT;
    }

    @Override
    public boolean mentions(String text) {
        return new String(body.encoded(), StandardCharsets.ISO_8859_1).contains(text) || renderedFields().contains(text);
    }
}
