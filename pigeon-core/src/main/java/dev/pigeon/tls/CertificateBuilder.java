package dev.pigeon.tls;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes X.509 v3 certificates with the JDK alone: a fresh key pair, the TBSCertificate written in
 * DER by {@link Der}, signed with {@link Signature}, then parsed back by the JDK's
 * {@link CertificateFactory} (so anything malformed fails here, not in a handshake).
 *
 * <p>Leaves carry subjectAltName (DNS names and IP addresses), basicConstraints CA:false,
 * keyUsage (digitalSignature, plus keyEncipherment for RSA) and extendedKeyUsage serverAuth and
 * clientAuth. Certificate authorities carry CA:true and keyCertSign/cRLSign. Without
 * {@link #issuedBy} the certificate is self-signed.
 */
public final class CertificateBuilder {
    /** The kind of key pair to generate. */
    public enum KeyType { EC_P256, RSA_2048 }

    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int DIGITAL_SIGNATURE = 0x80;
    private static final int KEY_ENCIPHERMENT = 0x20;
    private static final int KEY_CERT_SIGN = 0x04;
    private static final int CRL_SIGN = 0x02;

    private final List<String> names;
    private String commonName;
    private KeyType keyType = KeyType.EC_P256;
    private Instant notBefore;
    private Instant notAfter;
    private boolean authority;
    private CertifiedKey issuer;

    private CertificateBuilder(List<String> names) {
        this.names = List.copyOf(names);
        this.commonName = names.isEmpty() ? "pigeon" : names.get(0);
    }

    /** A certificate for these names (DNS names or IP literals); the first is also the CN. */
    public static CertificateBuilder forNames(List<String> names) {
        return new CertificateBuilder(names);
    }

    public static CertificateBuilder forNames(String... names) {
        return forNames(List.of(names));
    }

    public CertificateBuilder commonName(String name) {
        this.commonName = name;
        return this;
    }

    public CertificateBuilder keyType(KeyType type) {
        this.keyType = type;
        return this;
    }

    public CertificateBuilder validity(Instant from, Instant until) {
        if (!until.isAfter(from)) {
            throw new IllegalArgumentException("validity must end after it starts");
        }
        this.notBefore = from;
        this.notAfter = until;
        return this;
    }

    /** Makes a certificate authority (CA:true, keyCertSign) instead of a leaf. */
    public CertificateBuilder certificateAuthority() {
        this.authority = true;
        return this;
    }

    /** Signs with this issuer's key instead of self-signing; the chain becomes leaf + issuer chain. */
    public CertificateBuilder issuedBy(CertifiedKey issuingAuthority) {
        this.issuer = issuingAuthority;
        return this;
    }

    public CertifiedKey build() throws GeneralSecurityException {
        if (notBefore == null) {
            throw new IllegalStateException("set the validity first");
        }
        KeyPair keys = generateKeyPair(keyType);
        PrivateKey signingKey = issuer == null ? keys.getPrivate() : issuer.privateKey();
        byte[] issuerName = issuer == null ? name(commonName) : issuer.leaf().getSubjectX500Principal().getEncoded();
        SignatureAlgorithm algorithm = SignatureAlgorithm.forKey(signingKey);
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(2)),
                Der.integer(new BigInteger(127, new SecureRandom()).add(BigInteger.ONE)),
                algorithm.identifier(),
                issuerName,
                Der.sequence(Der.time(notBefore), Der.time(notAfter)),
                name(commonName),
                keys.getPublic().getEncoded(),
                Der.explicit(3, Der.sequence(extensions().toArray(byte[][]::new))));
        Signature signer = Signature.getInstance(algorithm.jdkName());
        signer.initSign(signingKey);
        signer.update(tbs);
        byte[] certificate = Der.sequence(tbs, algorithm.identifier(), Der.bitString(signer.sign()));
        X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate));
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(parsed);
        if (issuer != null) {
            chain.addAll(issuer.chain());
        }
        return new CertifiedKey(chain, keys.getPrivate());
    }

    private List<byte[]> extensions() {
        List<byte[]> out = new ArrayList<>();
        if (authority) {
            out.add(extension(BASIC_CONSTRAINTS, true, Der.sequence(Der.bool(true))));
            out.add(extension(KEY_USAGE, true, Der.namedBits(DIGITAL_SIGNATURE | KEY_CERT_SIGN | CRL_SIGN)));
        } else {
            out.add(extension(BASIC_CONSTRAINTS, true, Der.sequence()));
            int usage = keyType == KeyType.RSA_2048 ? DIGITAL_SIGNATURE | KEY_ENCIPHERMENT : DIGITAL_SIGNATURE;
            out.add(extension(KEY_USAGE, true, Der.namedBits(usage)));
            out.add(extension(EXTENDED_KEY_USAGE, false, Der.sequence(Der.oid(SERVER_AUTH), Der.oid(CLIENT_AUTH))));
        }
        if (!names.isEmpty()) {
            out.add(extension(SUBJECT_ALT_NAME, false, subjectAltNames()));
        }
        return out;
    }

    private byte[] subjectAltNames() {
        List<byte[]> entries = new ArrayList<>();
        for (String name : names) {
            if (HostNames.isIpLiteral(name)) {
                entries.add(Der.implicit(7, ipAddress(name)));
            } else {
                entries.add(Der.implicit(2, IDN.toASCII(name).getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            }
        }
        return Der.sequence(entries.toArray(byte[][]::new));
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical
                ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    /** A Name holding one CN, as a UTF8String. */
    private static byte[] name(String commonName) {
        return Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8String(commonName))));
    }

    private static byte[] ipAddress(String literal) {
        String bare = literal.startsWith("[") ? literal.substring(1, literal.length() - 1) : literal;
        try {
            return InetAddress.getByName(bare).getAddress(); // a literal (checked): no DNS lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + literal, e);
        }
    }

    private static KeyPair generateKeyPair(KeyType type) throws GeneralSecurityException {
        if (type == KeyType.RSA_2048) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private record SignatureAlgorithm(String jdkName, byte[] identifier) {
        static SignatureAlgorithm forKey(PrivateKey key) {
            return switch (key.getAlgorithm()) {
                case "EC" -> new SignatureAlgorithm("SHA256withECDSA", Der.sequence(Der.oid("1.2.840.10045.4.3.2")));
                case "RSA" -> new SignatureAlgorithm("SHA256withRSA",
                        Der.sequence(Der.oid("1.2.840.113549.1.1.11"), Der.nullValue()));
                default -> throw new IllegalArgumentException("cannot sign with a " + key.getAlgorithm() + " key");
            };
        }
    }
}
