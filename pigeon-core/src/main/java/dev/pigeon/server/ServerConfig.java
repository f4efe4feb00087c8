package dev.pigeon.server;

/** What every session of one server shares; immutable apart from the store's folder and inbox. */
record ServerConfig(String hostname, ServerLimits limits, MailReceiver receiver, MaildirStore store, Inbox inbox,
                    ServerListener listener, ServerSecurity security, Chaos chaos) {}
