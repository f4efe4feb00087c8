package dev.pigeon.server;

import dev.pigeon.protocol.Mailbox;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The header lines a receiving server prepends (RFC 5321 4.4): {@code Return-Path} with the
 * reverse-path, one {@code Delivered-To} per accepted recipient in RCPT order (one file holds a
 * multi-recipient message, so all envelope recipients are recorded), and a {@code Received}
 * trace line. CRLF endings, like the content that follows. Values are safe to write: the parser
 * already refused control characters in the HELO name and the addresses, and user names hold none.
 *
 * <p>The Received line records how the message came: the TLS protocol and cipher as a comment
 * (as Postfix writes it), the authenticated user ({@code Authenticated sender}), and the RFC 3848
 * protocol name (ESMTP, ESMTPS, ESMTPA, ESMTPSA).
 */
final class TraceHeaders {
    private TraceHeaders() {}

    static byte[] build(ClientInfo client, Mailbox from, List<Mailbox> recipients, String hostname, String id,
                        ZonedDateTime when) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("Return-Path: ").append(from.toPath()).append("\r\n");
        for (Mailbox to : recipients) {
            sb.append("Delivered-To: ").append(to.address()).append("\r\n");
        }
        String ip = client.address().getAddress().getHostAddress();
        sb.append("Received: from ").append(client.heloName()).append(" ([").append(ip).append("])\r\n");
        client.tls().ifPresent(tls -> sb.append("\t(using ").append(tls.protocol()).append(" with cipher ")
                .append(tls.cipherSuite()).append(")\r\n"));
        client.authenticatedUser().ifPresent(user -> sb.append("\t(Authenticated sender: ")
                .append(commentText(user)).append(")\r\n"));
        sb.append("\tby ").append(hostname).append(" (pigeon) with ").append(client.protocolName())
                .append(" id ").append(id);
        if (recipients.size() == 1) {
            sb.append("\r\n\tfor ").append(recipients.getFirst().toPath());
        }
        sb.append(";\r\n\t").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(when)).append("\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Text safe inside an RFC 5322 comment: backslash, parentheses quoted. */
    static String commentText(String text) {
        return text.replaceAll("([\\\\()])", "\\\\$1");
    }
}
