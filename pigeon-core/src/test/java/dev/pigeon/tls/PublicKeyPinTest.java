package dev.pigeon.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PublicKeyPinTest {
    @Test
    void parsesBothSpellings() {
        String b64 = "jCp/UUSwzOXHi2juByr7k8IoNALcESo+gXCg53ZUEdU=";
        assertThat(PublicKeyPin.parse("sha256/" + b64)).isEqualTo(new PublicKeyPin(b64));
        assertThat(PublicKeyPin.parse("sha256//" + b64)).isEqualTo(new PublicKeyPin(b64));
        assertThat(PublicKeyPin.parse(" SHA256/" + b64 + " ").toString()).isEqualTo("sha256/" + b64);
    }

    /** A digest whose base64 starts with '/' lost that character to the sha256// handling (a flaky CLI test found it). */
    @Test
    void aDigestWhoseBase64StartsWithASlashSurvivesBothSpellings() {
        String b64 = "/dxtmqyPYCepBPGSkaZDUEt95sOsjUlFrK1YHIMuzgA=";
        assertThat(new PublicKeyPin(b64).base64()).hasSize(44);
        assertThat(PublicKeyPin.parse("sha256/" + b64)).isEqualTo(new PublicKeyPin(b64));
        assertThat(PublicKeyPin.parse("sha256//" + b64)).isEqualTo(new PublicKeyPin(b64));
        assertThat(PublicKeyPin.parse(new PublicKeyPin(b64).toString())).isEqualTo(new PublicKeyPin(b64));
    }

    @Test
    void refusesWhatIsNotASha256Pin() {
        assertThatThrownBy(() -> PublicKeyPin.parse("sha1/AAAA")).hasMessageContaining("sha256/BASE64");
        assertThatThrownBy(() -> PublicKeyPin.parse("sha256/AAAA")).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> PublicKeyPin.parse("sha256/!!!")).hasMessageContaining("not valid base64");
    }

    @Test
    void matchesWhatOpensslComputesForTheSameKey() throws Exception {
        // Pin from: openssl pkey -in ec8.pem -pubout -outform der | openssl dgst -sha256 -binary | base64
        // for the EC key in PemTest, whose public point is embedded in its SEC1 form.
        byte[] point = HexFormat.of().parseHex(
                "04463756588d849f9f3a10f4b23f721dee1eb631ce08b06b3c18029f898569b75e8fe6145ea66fd45238e740da44682e1ae3725de79d3eeb5cb20428dfea0b2eb7");
        ECPrivateKey priv = (ECPrivateKey) Pem.parsePrivateKey("""
                -----BEGIN PRIVATE KEY-----
                MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQguOafKDQZlvbRXPS4
                V0SyIUIvY9Qi9L905Dkln4wvJZKhRANCAARGN1ZYjYSfnzoQ9LI/ch3uHrYxzgiw
                azwYAp+JhWm3Xo/mFF6mb9RSOOdA2kRoLhrjcl3nnT7rXLIEKN/qCy63
                -----END PRIVATE KEY-----
                """, "ec8.pem");
        ECPoint w = new ECPoint(new java.math.BigInteger(1, java.util.Arrays.copyOfRange(point, 1, 33)),
                new java.math.BigInteger(1, java.util.Arrays.copyOfRange(point, 33, 65)));
        var pub = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, priv.getParams()));
        assertThat(PublicKeyPin.of(pub).toString()).isEqualTo("sha256/jCp/UUSwzOXHi2juByr7k8IoNALcESo+gXCg53ZUEdU=");
    }
}
