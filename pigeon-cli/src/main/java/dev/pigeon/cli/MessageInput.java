package dev.pigeon.cli;

import dev.pigeon.message.Address;
import dev.pigeon.message.Message;
import dev.pigeon.message.MessageBuilder;
import dev.pigeon.message.MessageSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns {@code send}'s message options into the content to send: a complete message from
 * {@code --data}, or one composed from {@code --subject}, {@code --header} and {@code --body}.
 * Everything is read and checked here, before any connection is made.
 */
final class MessageInput {
    private MessageInput() {}

    /** {@code --data FILE|-}: sent as is, apart from CRLF line endings and dot-stuffing. */
    static MessageSource data(String data, InputStream stdin) {
        if (data.equals("-")) {
            return MessageSource.ofStream(stdin);
        }
        Path file = Path.of(data);
        requireReadableFile("message file", file);
        return MessageSource.ofFile(file);
    }

    /** A text/plain UTF-8 message with From, To, Subject, Date, Message-ID and MIME-Version. */
    static Message compose(Address from, List<Address> to, String subject, List<String> headers,
                           String body, InputStream stdin, java.util.function.Consumer<MessageBuilder> more) {
        MessageBuilder builder = Message.builder();
        try {
            builder.from(from).to(to.toArray(Address[]::new));
            if (subject != null) {
                builder.subject(subject);
            }
            for (String header : headers) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    throw Failure.badInput("--header needs \"Name: value\", not \"" + Text.oneLine(header) + "\"");
                }
                builder.header(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
            }
            builder.text(body == null ? "" : bodyText(body, stdin));
            more.accept(builder);
            return builder.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw Failure.badInput("cannot compose the message: " + e.getMessage());
        }
    }

    /** {@code --body TEXT}, {@code --body @FILE} or {@code --body -} (standard input), as UTF-8 text. */
    private static String bodyText(String body, InputStream stdin) {
        if (body.equals("-")) {
            try {
                return utf8("standard input", stdin.readAllBytes());
            } catch (IOException e) {
                throw Failure.badInput("cannot read the body from standard input: " + e.getMessage());
            }
        }
        if (body.startsWith("@")) {
            Path file = Path.of(body.substring(1));
            requireReadableFile("body file", file);
            try {
                return utf8("body file " + file, Files.readAllBytes(file));
            } catch (IOException e) {
                throw Failure.badInput("cannot read body file " + file + ": " + e.getMessage());
            }
        }
        return body;
    }

    private static String utf8(String what, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw Failure.badInput(what + " is not UTF-8 text; send a prepared message with --data instead");
        }
    }

    private static void requireReadableFile(String what, Path file) {
        if (!Files.isRegularFile(file)) {
            throw Failure.badInput("cannot read " + what + " " + file + ": "
                    + (Files.exists(file) ? "not a regular file" : "no such file"));
        }
        if (!Files.isReadable(file)) {
            throw Failure.badInput("cannot read " + what + " " + file + ": permission denied");
        }
    }
}
