/**
 * Message content: what a client streams after DATA.
 *
 * <p>{@link dev.pigeon.message.MessageSource} is the content of one message — bytes, a file
 * streamed from disk, or a one-shot stream such as standard input — written raw; dot-stuffing and
 * line-ending normalisation happen downstream in the protocol package.
 * {@link dev.pigeon.message.Message#builder()} composes an RFC 5322 text/plain message from an
 * author, recipients, a subject and a body: CRLF throughout, header lines folded (at most 78
 * characters where possible, never more than 998), non-ASCII header text as RFC 2047
 * encoded-words, and a body in {@code 7bit} or quoted-printable, so the result is 7-bit ASCII.
 *
 * <p>Nothing here opens a socket. The clock and the randomness behind Date and Message-ID can be
 * injected, so composed messages are byte-for-byte reproducible in tests. Control characters in
 * anything bound for the header are refused, so header injection is impossible by construction.
 */
package dev.pigeon.message;
