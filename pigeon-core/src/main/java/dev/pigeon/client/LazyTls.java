package dev.pigeon.client;

import dev.pigeon.tls.ClientTls;
import dev.pigeon.tls.TlsSettings;
import java.security.GeneralSecurityException;
import java.util.function.Supplier;

/**
 * The client's TLS context, made on first use. Building an SSLContext and loading the system trust
 * store costs tens of milliseconds, which a plain send to a server without STARTTLS never needs.
 * Settings other than the defaults are built at once by {@link SmtpClient.Builder#build()}, so a bad
 * CA file or protocol list is still an error before any I/O.
 */
final class LazyTls implements Supplier<ClientTls> {
    private final TlsSettings settings;
    private volatile ClientTls made;

    private LazyTls(TlsSettings settings, ClientTls made) {
        this.settings = settings;
        this.made = made;
    }

    static LazyTls of(TlsSettings settings) {
        return new LazyTls(settings, settings.equals(TlsSettings.defaults()) ? null : create(settings));
    }

    @Override
    public ClientTls get() {
        ClientTls tls = made;
        if (tls == null) {
            synchronized (this) {
                if (made == null) {
                    made = create(settings);
                }
                tls = made;
            }
        }
        return tls;
    }

    /** Whether the context exists yet (for tests). */
    boolean isMade() {
        return made != null;
    }

    /** @throws IllegalArgumentException when the settings cannot make a TLS context (say, an unknown protocol) */
    private static ClientTls create(TlsSettings settings) {
        try {
            return ClientTls.create(settings);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
