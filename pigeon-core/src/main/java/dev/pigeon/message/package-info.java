/**
 * Message content: what a client streams after DATA.
 *
 * <p>{@link dev.pigeon.message.MessageSource} is the content of one message — bytes, a file
 * streamed from disk, or a one-shot stream such as standard input — written raw; dot-stuffing and
 * line-ending normalisation happen downstream in the protocol package.
 * {@link dev.pigeon.message.Message#builder()} composes an RFC 5322 / MIME message from an author,
 * recipients (To, Cc, Reply-To; Bcc only in {@link dev.pigeon.message.Message#envelopeRecipients()}),
 * a subject, a text body, an optional HTML alternative and {@link dev.pigeon.message.Attachment}s:
 * CRLF throughout, header lines folded (at most 78 characters where possible, never more than 998),
 * non-ASCII header text as RFC 2047 encoded-words, file names per RFC 2231, text in the chosen
 * charset (characters it cannot write are refused) as {@code 7bit}, quoted-printable or, when the
 * transport allows it, {@code 8bit}, and attachments base64-encoded and streamed from disk when the
 * message is written, so a large file costs constant memory and the size is still exact.
 *
 * <p>Nothing here opens a socket. The clock and the randomness behind Date and Message-ID can be
 * injected, so composed messages are byte-for-byte reproducible in tests. Control characters in
 * anything bound for the header are refused, so header injection is impossible by construction.
 */
package dev.pigeon.message;
