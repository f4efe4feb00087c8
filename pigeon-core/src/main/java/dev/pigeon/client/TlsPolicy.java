package dev.pigeon.client;

import dev.pigeon.tls.TlsSettings;
import java.util.Objects;

/**
 * The TLS policy a {@link SmtpClient} follows: when to use TLS ({@link TlsMode}) and how
 * ({@link TlsSettings}: trust, pins, client certificate, SNI, protocols).
 */
public record TlsPolicy(TlsMode mode, TlsSettings settings) {
    public TlsPolicy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(settings, "settings");
    }

    /** STARTTLS when offered, with verification against the system trust store. */
    public static TlsPolicy defaults() {
        return new TlsPolicy(TlsMode.OPPORTUNISTIC, TlsSettings.defaults());
    }

    public static TlsPolicy none() {
        return new TlsPolicy(TlsMode.NONE, TlsSettings.defaults());
    }

    public static TlsPolicy of(TlsMode mode, TlsSettings settings) {
        return new TlsPolicy(mode, settings);
    }
}
