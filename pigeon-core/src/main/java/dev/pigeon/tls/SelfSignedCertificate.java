package dev.pigeon.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A throwaway server identity for {@code pigeon serve --tls-self-signed} and for tests: an EC
 * P-256 key and a self-signed leaf certificate (CA:false) naming the given hosts, valid for a
 * year from an hour ago (so a client clock slightly behind still accepts it).
 *
 * <p>A client trusts it by taking the certificate itself as its trust anchor ({@code --tls-ca
 * cert.pem}): the JDK's PKIX validation accepts a trusted leaf as its own anchor whatever its
 * basicConstraints say, so the certificate need not claim to be a CA — and since it does not, it
 * cannot sign anything else a client might then trust.
 */
public final class SelfSignedCertificate {
    /** The names a loopback server answers to. */
    public static final List<String> LOCAL_NAMES = List.of("localhost", "127.0.0.1", "::1");

    static final Duration VALIDITY = Duration.ofDays(365);
    private static final Duration BACKDATE = Duration.ofHours(1);

    /** Where {@link #writePem} put the two files. */
    public record PemFiles(Path certificate, Path privateKey) {}

    private SelfSignedCertificate() {}

    public static CertifiedKey generate(Clock clock, List<String> names) throws GeneralSecurityException {
        Instant now = clock.instant();
        return CertificateBuilder.forNames(names)
                .validity(now.minus(BACKDATE), now.plus(VALIDITY))
                .build();
    }

    /** {@link #LOCAL_NAMES}, now. */
    public static CertifiedKey generateLocal() throws GeneralSecurityException {
        return generate(Clock.systemUTC(), LOCAL_NAMES);
    }

    /**
     * Writes {@code cert.pem} and {@code key.pem} into {@code directory} (created if missing);
     * the key file is readable by its owner only where the file system has POSIX permissions.
     */
    public static PemFiles writePem(CertifiedKey key, Path directory) throws IOException {
        Files.createDirectories(directory);
        PemFiles files = new PemFiles(directory.resolve("cert.pem"), directory.resolve("key.pem"));
        Pem.writeCertificates(files.certificate(), key.chain());
        Pem.writePrivateKey(files.privateKey(), key.privateKey());
        return files;
    }
}
