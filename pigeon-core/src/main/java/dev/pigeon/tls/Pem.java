package dev.pigeon.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes PEM files: certificates ({@code BEGIN CERTIFICATE}, one or many) and private
 * keys — PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA or EC), and the older PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}) and SEC1 ({@code BEGIN EC PRIVATE KEY}) forms, which are wrapped
 * into PKCS#8 here. Encrypted keys are refused with a message saying so. Every error is a
 * {@link PemException} naming the file.
 */
public final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s:,-]*?)-----END \\1-----");
    private static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
    private static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";

    private Pem() {}

    /** One PEM block: its label (e.g. {@code CERTIFICATE}) and its decoded DER content. */
    record Block(String label, byte[] der) {}

    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        return parseCertificates(read(file), file.toString());
    }

    static List<X509Certificate> parseCertificates(String text, String source) throws PemException {
        List<X509Certificate> out = new ArrayList<>();
        CertificateFactory factory = x509Factory();
        for (Block block : blocks(text, source)) {
            if (!block.label().equals("CERTIFICATE")) {
                continue;
            }
            try {
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            } catch (CertificateException e) {
                throw new PemException(source + ": certificate " + (out.size() + 1)
                        + " is not a valid X.509 certificate (" + e.getMessage() + ")", e);
            }
        }
        if (out.isEmpty()) {
            throw new PemException(source + ": no '-----BEGIN CERTIFICATE-----' block found");
        }
        return List.copyOf(out);
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException {
        return parsePrivateKey(read(file), file.toString());
    }

    static PrivateKey parsePrivateKey(String text, String source) throws PemException {
        for (Block block : blocks(text, source)) {
            switch (block.label()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(block.der(), source);
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(wrapPkcs1(block.der()), source);
                }
                case "EC PRIVATE KEY" -> {
                    return pkcs8(wrapSec1(block.der(), source), source);
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new PemException(source
                        + ": the private key is encrypted; decrypt it first"
                        + " (openssl pkcs8 -in KEY -out PLAIN.pem)");
                default -> { }
            }
        }
        if (text.contains("Proc-Type: 4,ENCRYPTED")) {
            throw new PemException(source + ": the private key is encrypted; decrypt it first");
        }
        throw new PemException(source + ": no private key found (expected '-----BEGIN PRIVATE KEY-----',"
                + " '-----BEGIN RSA PRIVATE KEY-----' or '-----BEGIN EC PRIVATE KEY-----')");
    }

    public static String encodeCertificates(List<X509Certificate> certificates) {
        StringBuilder out = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                out.append(encode("CERTIFICATE", certificate.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("certificate cannot be encoded", e);
            }
        }
        return out.toString();
    }

    /** The key in PKCS#8 form ({@code BEGIN PRIVATE KEY}). */
    public static String encodePrivateKey(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("key is not exportable as PKCS#8: " + key.getFormat());
        }
        return encode("PRIVATE KEY", key.getEncoded());
    }

    public static void writeCertificates(Path file, List<X509Certificate> certificates) throws IOException {
        writeAtomically(file, encodeCertificates(certificates), "rw-r--r--");
    }

    /** Writes the key; on POSIX file systems the file is created readable by its owner only (0600). */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        writeAtomically(file, encodePrivateKey(key), "rw-------");
    }

    static String encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    static List<Block> blocks(String text, String source) throws PemException {
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            if (body.contains(":")) {
                // RFC 1421 headers (Proc-Type, DEK-Info) only appear on encrypted legacy keys.
                throw new PemException(source + ": the " + m.group(1).toLowerCase()
                        + " is encrypted or has headers; decrypt it first");
            }
            try {
                out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new PemException(source + ": the " + m.group(1) + " block is not valid base64");
            }
        }
        if (out.isEmpty() && text.contains("-----BEGIN ")) {
            throw new PemException(source + ": a PEM block is incomplete (no matching '-----END' line)"
                    + " or contains characters that are not base64");
        }
        return out;
    }

    private static PrivateKey pkcs8(byte[] der, String source) throws PemException {
        String algorithmOid;
        try {
            List<DerReader.Tlv> fields = DerReader.readOne(der).children();
            algorithmOid = oidText(fields.get(1).children().get(0).content());
        } catch (RuntimeException e) {
            throw new PemException(source + ": the private key is not valid PKCS#8 DER", e);
        }
        String algorithm = switch (algorithmOid) {
            case RSA_ENCRYPTION -> "RSA";
            case EC_PUBLIC_KEY -> "EC";
            case "1.3.101.112" -> "Ed25519";
            case "1.3.101.110" -> "X25519";
            default -> throw new PemException(source + ": unsupported private key algorithm (OID "
                    + algorithmOid + "); use an RSA or EC key");
        };
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new PemException(source + ": the " + algorithm + " private key cannot be read ("
                    + e.getMessage() + ")", e);
        }
    }

    /** PKCS#1 RSAPrivateKey inside PrivateKeyInfo { version 0, rsaEncryption NULL, key }. */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        return Der.sequence(Der.integer(0), Der.sequence(Der.oid(RSA_ENCRYPTION), Der.nullValue()),
                Der.octetString(pkcs1));
    }

    /** SEC1 ECPrivateKey inside PrivateKeyInfo, the curve taken from its [0] parameters. */
    private static byte[] wrapSec1(byte[] sec1, String source) throws PemException {
        byte[] curve;
        try {
            curve = DerReader.readOne(sec1).children().stream()
                    .filter(t -> t.tag() == 0xA0)
                    .findFirst()
                    .map(DerReader.Tlv::content)
                    .orElse(null);
        } catch (RuntimeException e) {
            throw new PemException(source + ": the EC private key is not valid SEC1 DER", e);
        }
        if (curve == null) {
            throw new PemException(source + ": the EC private key does not name its curve;"
                    + " convert it with 'openssl pkcs8 -topk8 -nocrypt'");
        }
        return Der.sequence(Der.integer(0), Der.sequence(Der.oid(EC_PUBLIC_KEY), curve), Der.octetString(sec1));
    }

    static String oidText(byte[] content) {
        StringBuilder out = new StringBuilder();
        long value = 0;
        boolean first = true;
        for (byte b : content) {
            value = (value << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) {
                if (first) {
                    long top = Math.min(value / 40, 2);
                    out.append(top).append('.').append(value - top * 40);
                    first = false;
                } else {
                    out.append('.').append(value);
                }
                value = 0;
            }
        }
        return out.toString();
    }

    private static CertificateFactory x509Factory() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK offers no X.509 certificate factory", e);
        }
    }

    private static String read(Path file) throws IOException {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new PemException(file + ": no such file", e);
        } catch (IOException e) {
            throw new PemException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** Writes through a temporary file created with its final permissions, so no reader sees less. */
    private static void writeAtomically(Path file, String content, String posixMode) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, ".pigeon-", ".tmp", ownerOnly);
        try {
            Files.writeString(temp, content, StandardCharsets.US_ASCII);
            if (posix) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(posixMode));
            }
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
