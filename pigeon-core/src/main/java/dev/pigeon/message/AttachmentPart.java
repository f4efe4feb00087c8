package dev.pigeon.message;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * An attachment, base64-encoded in 76-character lines as it is written: the content is read in
 * fixed chunks and never held whole, and the buffers are reused, so writing a file of any size
 * takes constant memory.
 */
record AttachmentPart(Attachment attachment) implements MimePart {
    static final int LINE = 76;
    private static final int RAW_LINE = LINE / 4 * 3;
    /** A whole number of 57-octet lines, so every chunk but the last encodes to complete lines. */
    private static final int CHUNK = RAW_LINE * 1024;
    private static final byte[] CRLF = {'\r', '\n'};

    @Override
    public List<HeaderField> fields() {
        String disposition = attachment.isInline() ? "inline" : "attachment";
        List<HeaderField> fields = new ArrayList<>(4);
        fields.add(new HeaderField("Content-Type",
                attachment.contentType() + MimeParameters.parameter("name", attachment.fileName())));
        fields.add(new HeaderField("Content-Transfer-Encoding", TextBody.TransferEncoding.BASE64.token()));
        fields.add(new HeaderField("Content-Disposition",
                disposition + MimeParameters.parameter("filename", attachment.fileName())));
        attachment.contentId().ifPresent(id -> fields.add(new HeaderField("Content-ID", "<" + id + ">")));
        return fields;
    }

    @Override
    public void writeBody(OutputStream out) throws IOException {
        Base64.Encoder encoder = Base64.getMimeEncoder(LINE, CRLF);
        byte[] raw = new byte[CHUNK];
        byte[] encoded = new byte[(int) encodedLength(CHUNK)];
        long expected = attachment.size();
        long total = 0;
        try (InputStream in = attachment.open()) {
            int n;
            while ((n = in.readNBytes(raw, 0, raw.length)) > 0) {
                total += n;
                if (total > expected) {
                    break;
                }
                if (total > n) {
                    out.write(CRLF);
                }
                int length = encoder.encode(n == raw.length ? raw : Arrays.copyOf(raw, n), encoded);
                out.write(encoded, 0, length);
            }
        }
        if (total != expected) {
            throw new IOException("attachment " + attachment.fileName() + " changed since the message was composed: "
                    + expected + " bytes then, " + (total > expected ? "more" : total + " bytes") + " now");
        }
    }

    @Override
    public long bodySize() {
        return encodedLength(attachment.size());
    }

    @Override
    public boolean eightBit() {
        return false;
    }

    /** Only the header fields are in memory; base64 cannot produce a boundary's "=_". */
    @Override
    public boolean mentions(String text) {
        return renderedFields().contains(text);
    }

    /** Base64 characters plus a CRLF between lines, none after the last. */
    static long encodedLength(long octets) {
        long chars = (octets + 2) / 3 * 4;
        long lines = (chars + LINE - 1) / LINE;
        return chars + (lines == 0 ? 0 : 2 * (lines - 1));
    }
}
