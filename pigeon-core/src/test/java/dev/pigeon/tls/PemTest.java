package dev.pigeon.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {
    // Made with: openssl genrsa -traditional 1024; openssl pkcs8 -topk8 -nocrypt (same key).
    private static final String RSA_PKCS1 = """
            -----BEGIN RSA PRIVATE KEY-----
            MIICXQIBAAKBgQDsPgCtu+D9t9XLZDJDq6pBlhEJ5kH6XD9JTPJn3UgmMGmA5T5/
            E3p6qs4tPBzIMPvH4e5BbM92dyx08x/1hk+qO6l8AE0YVxACt5FuVp1tMTqmxxXK
            Ml7vkib8rBVbdEMkcSQvt9+mIJ0MzaTOmr+gZN+4UAzR8abAhLi2+nW6ewIDAQAB
            AoGAU8fhYbvBnPk3Pvx3vvwAU2YvAL3CJFHWt94sEZ2uWqzMncOvGE4GH763g99P
            rceBY2/CmT1HjhHRmGAos2BAm8Y/RxVb8GDQjORsv13fTV6ngQHmlRUzbFFvry8d
            vFTqJfFz+DLUp4ZV/cBeFSBs7s6pe6GfJsfnq3JzZxGn0WECQQD4+8vUa2Eo7SlV
            aEU9yzncbbJnf/oF/PToVTcsK7XXRma51ARAXJsWXBLhMEcsIMt4NP8uesUWRzpG
            Z53suZjTAkEA8uZJy5TQnZIv+BKa5HNaA8o/rOPJCdBDFeTiyh5YuXzUrL17YSo9
            boN1hl/OI88bHRVoI9pYYg3TXa1F2WJOuQJBAMeQgtqaysCT/upO7hjOeG0em71r
            jUoZa2+BRfyoeFK5QgM2VcYEs+XjHNrT6GgNTSjnSZXGn4vwwVvHF4SzajMCQDnH
            +moJXo79RZf3pQ0PO6yHIhqYnSxOdIbyydhW27hUL6tf78evaqmtb/mlNL5j+Ak1
            HG7a9AdvToaMP3902VECQQCuq7RGg7vU/keo7isQ/ggqhYR7QTKs6lgkIGfokILJ
            tie/BdxD6o+mHLogItC15DRCnJmRHB2OdK7sYF2bpLHI
            -----END RSA PRIVATE KEY-----
            """;
    private static final String RSA_PKCS8 = """
            -----BEGIN PRIVATE KEY-----
            MIICdwIBADANBgkqhkiG9w0BAQEFAASCAmEwggJdAgEAAoGBAOw+AK274P231ctk
            MkOrqkGWEQnmQfpcP0lM8mfdSCYwaYDlPn8Tenqqzi08HMgw+8fh7kFsz3Z3LHTz
            H/WGT6o7qXwATRhXEAK3kW5WnW0xOqbHFcoyXu+SJvysFVt0QyRxJC+336YgnQzN
            pM6av6Bk37hQDNHxpsCEuLb6dbp7AgMBAAECgYBTx+Fhu8Gc+Tc+/He+/ABTZi8A
            vcIkUda33iwRna5arMydw68YTgYfvreD30+tx4Fjb8KZPUeOEdGYYCizYECbxj9H
            FVvwYNCM5Gy/Xd9NXqeBAeaVFTNsUW+vLx28VOol8XP4MtSnhlX9wF4VIGzuzql7
            oZ8mx+ercnNnEafRYQJBAPj7y9RrYSjtKVVoRT3LOdxtsmd/+gX89OhVNywrtddG
            ZrnUBEBcmxZcEuEwRywgy3g0/y56xRZHOkZnney5mNMCQQDy5knLlNCdki/4Eprk
            c1oDyj+s48kJ0EMV5OLKHli5fNSsvXthKj1ug3WGX84jzxsdFWgj2lhiDdNdrUXZ
            Yk65AkEAx5CC2prKwJP+6k7uGM54bR6bvWuNShlrb4FF/Kh4UrlCAzZVxgSz5eMc
            2tPoaA1NKOdJlcafi/DBW8cXhLNqMwJAOcf6aglejv1Fl/elDQ87rIciGpidLE50
            hvLJ2FbbuFQvq1/vx69qqa1v+aU0vmP4CTUcbtr0B29Ohow/f3TZUQJBAK6rtEaD
            u9T+R6juKxD+CCqFhHtBMqzqWCQgZ+iQgsm2J78F3EPqj6YcuiAi0LXkNEKcmZEc
            HY50ruxgXZukscg=
            -----END PRIVATE KEY-----
            """;
    // Made with: openssl ecparam -name prime256v1 -genkey -noout; openssl pkcs8 -topk8 -nocrypt.
    private static final String EC_SEC1 = """
            -----BEGIN EC PRIVATE KEY-----
            MHcCAQEEILjmnyg0GZb20Vz0uFdEsiFCL2PUIvS/dOQ5JZ+MLyWSoAoGCCqGSM49
            AwEHoUQDQgAERjdWWI2En586EPSyP3Id7h62Mc4IsGs8GAKfiYVpt16P5hRepm/U
            UjjnQNpEaC4a43Jd550+61yyBCjf6gsutw==
            -----END EC PRIVATE KEY-----
            """;
    private static final String EC_PKCS8 = """
            -----BEGIN PRIVATE KEY-----
            MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQguOafKDQZlvbRXPS4
            V0SyIUIvY9Qi9L905Dkln4wvJZKhRANCAARGN1ZYjYSfnzoQ9LI/ch3uHrYxzgiw
            azwYAp+JhWm3Xo/mFF6mb9RSOOdA2kRoLhrjcl3nnT7rXLIEKN/qCy63
            -----END PRIVATE KEY-----
            """;

    @Test
    void readsPkcs1RsaKeyAsTheSameKeyAsItsPkcs8Form() throws Exception {
        RSAPrivateCrtKey fromPkcs1 = (RSAPrivateCrtKey) Pem.parsePrivateKey(RSA_PKCS1, "rsa1.pem");
        RSAPrivateCrtKey fromPkcs8 = (RSAPrivateCrtKey) Pem.parsePrivateKey(RSA_PKCS8, "rsa8.pem");
        assertThat(fromPkcs1.getModulus()).isEqualTo(fromPkcs8.getModulus());
        assertThat(fromPkcs1.getPrivateExponent()).isEqualTo(fromPkcs8.getPrivateExponent());
        assertThat(fromPkcs1.getModulus().bitLength()).isEqualTo(1024);
    }

    @Test
    void readsSec1EcKeyAsTheSameKeyAsItsPkcs8Form() throws Exception {
        ECPrivateKey fromSec1 = (ECPrivateKey) Pem.parsePrivateKey(EC_SEC1, "ec1.pem");
        ECPrivateKey fromPkcs8 = (ECPrivateKey) Pem.parsePrivateKey(EC_PKCS8, "ec8.pem");
        assertThat(fromSec1.getS()).isEqualTo(fromPkcs8.getS());
        assertThat(fromSec1.getParams().getCurve()).isEqualTo(fromPkcs8.getParams().getCurve());
        assertThat(fromSec1.getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
    }

    @Test
    void sec1KeyWithoutCurveIsRefusedClearly() {
        byte[] sec1 = Der.sequence(Der.integer(1), Der.octetString(BigInteger.TEN.toByteArray()));
        String pem = Pem.encode("EC PRIVATE KEY", sec1);
        assertThatThrownBy(() -> Pem.parsePrivateKey(pem, "nocurve.pem"))
                .isInstanceOf(PemException.class)
                .hasMessage("nocurve.pem: the EC private key does not name its curve;"
                        + " convert it with 'openssl pkcs8 -topk8 -nocrypt'");
    }

    @Test
    void writtenFilesReadBackAndTheKeyFileIsOwnerOnly(@TempDir Path dir) throws Exception {
        CertifiedKey key = SelfSignedCertificate.generate(Clock.systemUTC(), List.of("localhost"));
        SelfSignedCertificate.PemFiles files = SelfSignedCertificate.writePem(key, dir.resolve("tls"));

        assertThat(Pem.readCertificates(files.certificate())).containsExactly(key.leaf());
        assertThat(Pem.readPrivateKey(files.privateKey()).getEncoded()).isEqualTo(key.privateKey().getEncoded());
        assertThat(Files.readString(files.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----\n")
                .endsWith("-----END PRIVATE KEY-----\n");
        assertThat(Files.readAllLines(files.certificate())).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.privateKey())))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.certificate())))
                    .isEqualTo("rw-r--r--");
        }
        assertThat(CertifiedKey.fromPem(files.certificate(), files.privateKey()).leaf()).isEqualTo(key.leaf());
        try (var left = Files.list(dir.resolve("tls"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("cert.pem", "key.pem");
        }
    }

    @Test
    void readsSeveralCertificatesInOrderSkippingOtherBlocks() throws Exception {
        CertifiedKey a = SelfSignedCertificate.generate(Clock.systemUTC(), List.of("a.example"));
        CertifiedKey b = SelfSignedCertificate.generate(Clock.systemUTC(), List.of("b.example"));
        String text = "Bag Attributes: ignored\n" + Pem.encodeCertificates(List.of(a.leaf()))
                + Pem.encodePrivateKey(a.privateKey()) + "\r\n" + Pem.encodeCertificates(List.of(b.leaf())).replace("\n", "\r\n");
        List<X509Certificate> read = Pem.parseCertificates(text, "bundle.pem");
        assertThat(read).containsExactly(a.leaf(), b.leaf());
        PrivateKey key = Pem.parsePrivateKey(text, "bundle.pem");
        assertThat(key.getEncoded()).isEqualTo(a.privateKey().getEncoded());
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> Pem.readCertificates(missing))
                .isInstanceOf(PemException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void fileWithoutCertificateIsNamed() {
        assertThatThrownBy(() -> Pem.parseCertificates(RSA_PKCS8, "key.pem"))
                .isInstanceOf(PemException.class)
                .hasMessage("key.pem: no '-----BEGIN CERTIFICATE-----' block found");
        assertThatThrownBy(() -> Pem.parseCertificates("hello\n", "empty.pem"))
                .hasMessage("empty.pem: no '-----BEGIN CERTIFICATE-----' block found");
    }

    @Test
    void certificateWithGarbageDerIsRefusedNamingWhichOne() {
        String text = Pem.encode("CERTIFICATE", new byte[] {0x30, 0x03, 0x02, 0x01, 0x01});
        assertThatThrownBy(() -> Pem.parseCertificates(text, "bad.pem"))
                .isInstanceOf(PemException.class)
                .hasMessageStartingWith("bad.pem: certificate 1 is not a valid X.509 certificate");
    }

    @Test
    void truncatedBlockIsRefused() {
        String cut = RSA_PKCS8.substring(0, RSA_PKCS8.indexOf("-----END"));
        assertThatThrownBy(() -> Pem.parsePrivateKey(cut, "cut.pem"))
                .isInstanceOf(PemException.class)
                .hasMessage("cut.pem: a PEM block is incomplete (no matching '-----END' line)"
                        + " or contains characters that are not base64");
    }

    @Test
    void keyFileWithoutKeyIsRefused() throws Exception {
        CertifiedKey a = SelfSignedCertificate.generate(Clock.systemUTC(), List.of("a.example"));
        assertThatThrownBy(() -> Pem.parsePrivateKey(Pem.encodeCertificates(a.chain()), "cert.pem"))
                .isInstanceOf(PemException.class)
                .hasMessage("cert.pem: no private key found (expected '-----BEGIN PRIVATE KEY-----',"
                        + " '-----BEGIN RSA PRIVATE KEY-----' or '-----BEGIN EC PRIVATE KEY-----')");
    }

    @Test
    void encryptedKeysAreRefusedSayingSo() {
        String pkcs8Encrypted = Pem.encode("ENCRYPTED PRIVATE KEY", new byte[] {0x30, 0x00});
        assertThatThrownBy(() -> Pem.parsePrivateKey(pkcs8Encrypted, "enc.pem"))
                .hasMessageStartingWith("enc.pem: the private key is encrypted; decrypt it first");
        String legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n"
                + "-----END RSA PRIVATE KEY-----\n";
        assertThatThrownBy(() -> Pem.parsePrivateKey(legacy, "old.pem"))
                .hasMessage("old.pem: the rsa private key is encrypted or has headers; decrypt it first");
    }

    @Test
    void keyOfAnotherAlgorithmOrBrokenDerIsRefused() {
        byte[] dsa = Der.sequence(Der.integer(0), Der.sequence(Der.oid("1.2.840.10040.4.1")), Der.octetString(new byte[] {1}));
        assertThatThrownBy(() -> Pem.parsePrivateKey(Pem.encode("PRIVATE KEY", dsa), "dsa.pem"))
                .hasMessage("dsa.pem: unsupported private key algorithm (OID 1.2.840.10040.4.1); use an RSA or EC key");
        assertThatThrownBy(() -> Pem.parsePrivateKey(Pem.encode("PRIVATE KEY", new byte[] {0x30, 0x05, 1}), "short.pem"))
                .hasMessage("short.pem: the private key is not valid PKCS#8 DER");
    }

    @Test
    void keyThatDoesNotBelongToTheCertificateIsRefused(@TempDir Path dir) throws Exception {
        CertifiedKey a = SelfSignedCertificate.generate(Clock.systemUTC(), List.of("a.example"));
        CertifiedKey b = SelfSignedCertificate.generate(Clock.systemUTC(), List.of("b.example"));
        Path cert = dir.resolve("a.pem");
        Path key = dir.resolve("b-key.pem");
        Pem.writeCertificates(cert, a.chain());
        Pem.writePrivateKey(key, b.privateKey());
        assertThatThrownBy(() -> CertifiedKey.fromPem(cert, key))
                .isInstanceOf(PemException.class)
                .hasMessage(key + ": this private key does not belong to the certificate in " + cert);
    }
}
