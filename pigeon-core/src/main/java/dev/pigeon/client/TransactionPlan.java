package dev.pigeon.client;

import dev.pigeon.client.ExtensionStop.Reason;
import dev.pigeon.client.ExtensionsUsed.Body;
import dev.pigeon.message.MessageSource;
import dev.pigeon.protocol.Capabilities;
import dev.pigeon.protocol.EsmtpParameter;
import dev.pigeon.protocol.Mailbox;
import dev.pigeon.protocol.Xtext;
import java.io.IOException;
import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * How one transaction will use the extensions the server offered, decided after EHLO and before
 * MAIL: the MAIL and RCPT parameters, the addresses as they go on the wire (A-labels without
 * SMTPUTF8), pipelining, chunking, and the notices for the caller. A message this server cannot
 * take is an {@link ExtensionStop} here, before anything of the transaction is sent.
 *
 * @param from            the reverse-path as sent
 * @param recipients      each recipient as sent, in envelope order
 * @param mailParameters  SIZE, BODY, SMTPUTF8, RET, ENVID as they apply
 * @param rcptParameters  NOTIFY and ORCPT per recipient (empty lists without DSN)
 * @param guardEightBit   the content's make-up is unknown and the server lacks 8BITMIME: stop at
 *                        the first 8-bit byte while streaming
 */
record TransactionPlan(Mailbox from, List<Mailbox> recipients, List<EsmtpParameter> mailParameters,
                       List<List<EsmtpParameter>> rcptParameters, ExtensionsUsed used, int chunkSize,
                       boolean guardEightBit, List<String> notices) {

    TransactionPlan {
        recipients = List.copyOf(recipients);
        mailParameters = List.copyOf(mailParameters);
        rcptParameters = rcptParameters.stream().map(List::copyOf).toList();
        notices = List.copyOf(notices);
    }

    /**
     * @param chunkingAllowed false when the caller needs a DATA command (to stop after it)
     * @throws ExtensionStop when this server cannot take the message or envelope
     */
    static TransactionPlan of(Capabilities caps, Extensions ext, Envelope envelope, MessageSource message,
                              boolean chunkingAllowed) throws ExtensionStop {
        List<String> notices = new ArrayList<>();
        boolean chunked = ext.chunking() && chunkingAllowed && caps.has("CHUNKING");
        boolean pipelined = ext.pipelining() && caps.has("PIPELINING");

        OptionalLong size = caps.has("SIZE") ? wireSize(message) : message.size();
        if (size.isPresent() && caps.sizeLimit().isPresent() && size.getAsLong() > caps.sizeLimit().getAsLong()) {
            throw stop(Reason.MESSAGE_TOO_BIG, "the message (" + size.getAsLong() + " bytes) is larger than the "
                    + caps.sizeLimit().getAsLong() + " bytes the server takes (SIZE); nothing was sent");
        }

        boolean utf8Needed = !Xtext.isAscii(envelope.from().address())
                || envelope.recipients().stream().anyMatch(r -> !Xtext.isAscii(r.address()));
        boolean smtputf8 = utf8Needed && caps.has("SMTPUTF8");
        Mailbox from = smtputf8 ? envelope.from() : asciiForm(envelope.from());
        List<Mailbox> recipients = new ArrayList<>();
        for (Mailbox r : envelope.recipients()) {
            recipients.add(smtputf8 ? r : asciiForm(r));
        }

        MessageSource.EightBit eightBit = message.eightBit();
        if (eightBit == MessageSource.EightBit.UNKNOWN && message.isRepeatable() && !caps.has("8BITMIME")) {
            eightBit = scan(message); // a file: read it once now rather than cut a transfer off later
        }
        Body body = body(caps, ext, eightBit, chunked);
        boolean guard = body == Body.SEVEN_BIT && eightBit == MessageSource.EightBit.UNKNOWN;

        boolean dsn = !ext.dsn().isEmpty() && caps.has("DSN");
        if (!ext.dsn().isEmpty() && !dsn) {
            notices.add("the server does not offer DSN: the delivery status notification request was not sent");
        }

        List<EsmtpParameter> mail = new ArrayList<>();
        OptionalLong declared = caps.has("SIZE") ? size : OptionalLong.empty();
        declared.ifPresent(n -> mail.add(EsmtpParameter.of("SIZE", Long.toString(n))));
        if (body != Body.SEVEN_BIT) {
            mail.add(EsmtpParameter.of("BODY", body.keyword()));
        }
        if (smtputf8) {
            mail.add(EsmtpParameter.of("SMTPUTF8"));
        }
        List<List<EsmtpParameter>> rcpt = new ArrayList<>();
        if (dsn) {
            ext.dsn().ret().ifPresent(r -> mail.add(EsmtpParameter.of("RET", r.name())));
            ext.dsn().envid().ifPresent(id -> mail.add(EsmtpParameter.of("ENVID", Xtext.encode(id))));
        }
        for (Mailbox r : recipients) {
            List<EsmtpParameter> params = new ArrayList<>();
            if (dsn) {
                ext.dsn().notifyValue().ifPresent(n -> params.add(EsmtpParameter.of("NOTIFY", n)));
                params.add(EsmtpParameter.of("ORCPT", originalRecipient(r)));
            }
            rcpt.add(params);
        }
        ExtensionsUsed used = new ExtensionsUsed(pipelined, chunked, declared, body, smtputf8, dsn);
        return new TransactionPlan(from, recipients, mail, rcpt, used, ext.chunkSize(), guard, notices);
    }

    /**
     * RFC 1870 counts the message as sent, CRLF pairs included: the source knows how to count it
     * (a prepared file reads itself once; a spool's or a composed message's size already fits).
     */
    static OptionalLong wireSize(MessageSource message) {
        return message.wireSize();
    }

    /** RFC 3461 4.2 ORCPT: {@code rfc822;} xtext for ASCII, RFC 6533 {@code utf-8;} otherwise. */
    static String originalRecipient(Mailbox r) {
        String address = r.address();
        return Xtext.isAscii(address) ? "rfc822;" + Xtext.encode(address)
                : "utf-8;" + Xtext.utf8AddressXtext(address);
    }

    private static Body body(Capabilities caps, Extensions ext, MessageSource.EightBit eightBit, boolean chunked)
            throws ExtensionStop {
        if (ext.binaryMime()) {
            if (!chunked || !caps.has("BINARYMIME")) {
                throw stop(Reason.BINARYMIME_NOT_SUPPORTED, "BINARYMIME needs a server offering BINARYMIME and"
                        + " CHUNKING, with chunking on; nothing was sent");
            }
            return Body.BINARY_MIME;
        }
        boolean offered = caps.has("8BITMIME");
        return switch (eightBit) {
            case ABSENT -> Body.SEVEN_BIT;
            // Declaring 8BITMIME for content that may be 7-bit is harmless; not declaring it is not.
            case UNKNOWN -> offered ? Body.EIGHT_BIT_MIME : Body.SEVEN_BIT;
            case PRESENT -> {
                if (!offered) {
                    throw stop(Reason.EIGHT_BIT_NOT_SUPPORTED, "the message holds 8-bit bytes and the server does"
                            + " not offer 8BITMIME; it would arrive mangled, so nothing was sent (encode it as"
                            + " quoted-printable or base64)");
                }
                yield Body.EIGHT_BIT_MIME;
            }
        };
    }

    /**
     * Reads a repeatable source to find out. When it cannot be read now, the answer stays
     * UNKNOWN: the content is then guarded while it streams, and the read failure shows there,
     * at the content, as for any source.
     */
    private static MessageSource.EightBit scan(MessageSource message) {
        try {
            return EightBitContent.scan(message) ? MessageSource.EightBit.PRESENT : MessageSource.EightBit.ABSENT;
        } catch (IOException e) {
            return MessageSource.EightBit.UNKNOWN;
        }
    }

    /** The mailbox without SMTPUTF8: IDN domains as A-labels; a UTF-8 local part cannot go. */
    private static Mailbox asciiForm(Mailbox m) throws ExtensionStop {
        if (Xtext.isAscii(m.address())) {
            return m;
        }
        if (!Xtext.isAscii(m.localPart())) {
            throw stop(Reason.UTF8_ADDRESS_NOT_SUPPORTED, "the address " + m + " has a UTF-8 local part and the"
                    + " server does not offer SMTPUTF8; nothing was sent");
        }
        try {
            return new Mailbox(m.localPart(), IDN.toASCII(m.domain(), IDN.USE_STD3_ASCII_RULES));
        } catch (IllegalArgumentException e) {
            throw stop(Reason.BAD_DOMAIN, "the domain of " + m + " cannot be written in A-labels ("
                    + e.getMessage() + "); nothing was sent");
        }
    }

    private static ExtensionStop stop(Reason reason, String message) {
        return new ExtensionStop(Stage.MAIL, reason, message, false);
    }
}
