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
 *
 * <p>TLS and AUTH are policy too ({@code ServerSecurity}): STARTTLS ({@code StartTlsHandler}, RFC
 * 3207) discards any plaintext pipelined behind the command and forgets the session's state;
 * implicit TLS (RFC 8314) handshakes before the greeting; AUTH ({@code AuthHandler}, RFC 4954)
 * runs the {@link dev.pigeon.auth.SaslServer} verifiers, offered only under TLS unless allowed.
 * The Received header records TLS and the authenticated user (RFC 3848 ESMTPS/ESMTPA/ESMTPSA).
 *
 * <p>Abuse is bounded ({@link ServerLimits}, {@code SocketDeadlines}): a whole command and a whole
 * DATA content have deadlines besides their idle timeouts (slowloris), consecutive errors end a
 * session, writes to a client that does not read time out, and {@link SmtpServer#close()} says
 * 421 to every live session. {@link Chaos} makes the server fail on purpose, seeded per
 * connection, for people testing their own sending code; the session consults it at each stage
 * and the protocol classes know nothing of it.
 */
package dev.pigeon.server;
