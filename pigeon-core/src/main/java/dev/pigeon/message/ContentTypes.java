package dev.pigeon.message;

import dev.pigeon.protocol.Escaping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Content types for attachments: a small built-in table by file name extension, then the
 * platform's {@link Files#probeContentType}, then {@code application/octet-stream}.
 *
 * <p>Composite types ({@code message/*}, {@code multipart/*}) are never returned: RFC 2046 forbids
 * base64 for them, and attachments are always base64, so such files travel as octet streams.
 */
final class ContentTypes {
    static final String OCTET_STREAM = "application/octet-stream";
    private static final String TOKEN = "[A-Za-z0-9!#$&^_.+-]+";
    private static final Pattern TYPE = Pattern.compile(TOKEN + "/" + TOKEN);
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("txt", "text/plain"), Map.entry("text", "text/plain"), Map.entry("log", "text/plain"),
            Map.entry("csv", "text/csv"), Map.entry("md", "text/markdown"), Map.entry("html", "text/html"),
            Map.entry("htm", "text/html"), Map.entry("css", "text/css"), Map.entry("js", "text/javascript"),
            Map.entry("ics", "text/calendar"), Map.entry("vcf", "text/vcard"), Map.entry("xml", "application/xml"),
            Map.entry("json", "application/json"), Map.entry("pdf", "application/pdf"),
            Map.entry("zip", "application/zip"), Map.entry("gz", "application/gzip"),
            Map.entry("tar", "application/x-tar"), Map.entry("7z", "application/x-7z-compressed"),
            Map.entry("doc", "application/msword"),
            Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Map.entry("xls", "application/vnd.ms-excel"),
            Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            Map.entry("ppt", "application/vnd.ms-powerpoint"),
            Map.entry("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
            Map.entry("odt", "application/vnd.oasis.opendocument.text"),
            Map.entry("ods", "application/vnd.oasis.opendocument.spreadsheet"),
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("svg", "image/svg+xml"),
            Map.entry("bmp", "image/bmp"), Map.entry("tif", "image/tiff"), Map.entry("tiff", "image/tiff"),
            Map.entry("ico", "image/vnd.microsoft.icon"), Map.entry("mp3", "audio/mpeg"),
            Map.entry("wav", "audio/wav"), Map.entry("ogg", "audio/ogg"), Map.entry("mp4", "video/mp4"),
            Map.entry("webm", "video/webm"), Map.entry("asc", "application/pgp-signature"));

    private ContentTypes() {}

    /** The type for a file: by its name's extension, else probed, else octet-stream. */
    static String detect(Path file) {
        String byName = forFileName(file.getFileName() == null ? "" : file.getFileName().toString());
        if (!byName.equals(OCTET_STREAM)) {
            return byName;
        }
        try {
            String probed = Files.probeContentType(file);
            if (probed != null && isValid(probed) && isLeaf(probed)) {
                return probed.toLowerCase(Locale.ROOT);
            }
        } catch (IOException | SecurityException e) {
            // The probe is a convenience: the generic type is always correct.
        }
        return OCTET_STREAM;
    }

    /** The type for a file name by its extension alone, or octet-stream. */
    static String forFileName(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            return OCTET_STREAM;
        }
        return BY_EXTENSION.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), OCTET_STREAM);
    }

    /** Checks a caller's {@code type/subtype} (no parameters) and returns it in lower case. */
    static String checked(String type) {
        if (!isValid(type)) {
            throw new IllegalArgumentException("not a content type (want type/subtype, no parameters): "
                    + Escaping.visible(type));
        }
        if (!isLeaf(type)) {
            throw new IllegalArgumentException("an attachment cannot be " + type
                    + ": message and multipart types may not be base64-encoded");
        }
        return type.toLowerCase(Locale.ROOT);
    }

    private static boolean isValid(String type) {
        return TYPE.matcher(type).matches();
    }

    private static boolean isLeaf(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        return !t.startsWith("message/") && !t.startsWith("multipart/");
    }
}
