package dev.pigeon.client;

import dev.pigeon.tls.CertifiedKey;
import dev.pigeon.tls.SelfSignedCertificate;
import dev.pigeon.tls.ServerTls;
import dev.pigeon.tls.TlsSettings;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.SSLContext;

/** Certificates for the TLS client tests, made once: one for the loopback names, one for elsewhere. */
final class TlsFixtures {
    static final CertifiedKey LOCAL = generate(SelfSignedCertificate.LOCAL_NAMES);
    static final CertifiedKey OTHER_HOST = generate(List.of("mail.example.org"));

    private TlsFixtures() {}

    private static CertifiedKey generate(List<String> names) {
        try {
            return SelfSignedCertificate.generate(Clock.systemUTC(), names);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static SSLContext serverContext(CertifiedKey key) {
        try {
            return ServerTls.context(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Trusts exactly {@code key}'s certificate. */
    static TlsSettings trusting(CertifiedKey key) {
        return TlsSettings.builder().trust(key.chain()).build();
    }

    static TlsPolicy policy(TlsMode mode, CertifiedKey trusted) {
        return TlsPolicy.of(mode, trusting(trusted));
    }
}
