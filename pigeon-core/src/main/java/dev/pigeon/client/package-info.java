/**
 * The SMTP client: {@link dev.pigeon.client.SmtpClient} (immutable, built once) sends a message;
 * {@link dev.pigeon.client.ClientSession} is the dialogue itself, one call per command, each
 * returning the server's {@link dev.pigeon.protocol.Reply} as a value.
 *
 * <p>What happens is reported to a {@link dev.pigeon.client.SessionListener}; the command line's
 * transcript is just one listener.
 */
package dev.pigeon.client;
