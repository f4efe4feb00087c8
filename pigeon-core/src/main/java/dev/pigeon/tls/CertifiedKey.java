package dev.pigeon.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate chain (leaf first) and the private key of its leaf: what a server presents, or a
 * client presents when asked for a certificate.
 */
public record CertifiedKey(List<X509Certificate> chain, PrivateKey privateKey) {
    public CertifiedKey {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certified key needs at least one certificate");
        }
        if (privateKey == null) {
            throw new IllegalArgumentException("a certified key needs a private key");
        }
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** Reads both PEM files and checks that the key belongs to the first certificate. */
    public static CertifiedKey fromPem(Path certificateFile, Path keyFile) throws IOException {
        List<X509Certificate> chain = Pem.readCertificates(certificateFile);
        PrivateKey key = Pem.readPrivateKey(keyFile);
        if (!matches(chain.get(0), key)) {
            throw new PemException(keyFile + ": this private key does not belong to the certificate in "
                    + certificateFile);
        }
        return new CertifiedKey(chain, key);
    }

    /** True when a signature made with the key verifies with the certificate's public key. */
    static boolean matches(X509Certificate certificate, PrivateKey key) {
        String keyAlgorithm = key.getAlgorithm();
        if (!keyAlgorithm.equals(certificate.getPublicKey().getAlgorithm())) {
            return false;
        }
        String algorithm = switch (keyAlgorithm) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> keyAlgorithm; // Ed25519 and friends name their own signature
        };
        byte[] probe = "pigeon key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Names the certificate, never the key. */
    @Override
    public String toString() {
        return "CertifiedKey[" + CertificateSummary.safe(leaf().getSubjectX500Principal().getName())
                + ", chain of " + chain.size() + ", " + privateKey.getAlgorithm() + " key]";
    }
}
