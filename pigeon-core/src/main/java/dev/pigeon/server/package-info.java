/**
 * The embedded receiving SMTP server: a sink for tests, demos and {@code pigeon serve}.
 *
 * <p>It never relays: every accepted message is written into a Maildir ({@link MaildirStore}) and
 * recorded in the {@link Inbox}. {@link SmtpServer} owns the listening socket and one virtual
 * thread per connection; {@link ServerSession} speaks the protocol on one connection, reading
 * commands through {@link dev.pigeon.protocol.CommandParser} and DATA through
 * {@link dev.pigeon.protocol.DotUnstuffingInputStream}. Policy lives apart from protocol: a
 * {@link MailReceiver} answers each MAIL, RCPT and message with a {@link Decision}, and a
 * {@link ServerListener} hears what happened.
 */
package dev.pigeon.server;
