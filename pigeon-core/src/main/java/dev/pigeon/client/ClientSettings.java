package dev.pigeon.client;

import java.util.Optional;

/**
 * What an {@link SmtpClient} was built with, as one value a {@link MailTransaction} reads.
 *
 * @param tls the TLS context, made on first use; null when the mode uses no TLS
 */
record ClientSettings(String helo, Protocol protocol, Optional<Stage> quitAfter, TlsMode tlsMode, LazyTls tls,
                      Optional<AuthSettings> auth, Extensions extensions) {}
