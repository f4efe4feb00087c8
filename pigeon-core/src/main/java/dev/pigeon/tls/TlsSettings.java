package dev.pigeon.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a client does TLS: what it trusts, what it presents, what it offers. Immutable; made with
 * {@link #builder()}, and safe by default: verification on, the system trust store.
 *
 * @param verify check the chain, the dates and the host name; off only for {@code --tls-insecure}
 * @param trustedCertificates trust anchors replacing the system store ({@code --tls-ca}); empty
 *     means the JDK's default trust store
 * @param pins accepted public-key pins for the server's leaf certificate ({@code --tls-pin}); empty
 *     means no pinning. Pins are checked even with verification off.
 * @param clientKey a client certificate and key to present when asked ({@code --tls-cert/--tls-key})
 * @param serverName the name sent as SNI and checked against the certificate instead of the host
 *     connected to ({@code --tls-sni})
 * @param protocols the protocol versions to enable, e.g. {@code TLSv1.3}; empty means the JDK's
 *     defaults
 */
public record TlsSettings(
        boolean verify,
        List<X509Certificate> trustedCertificates,
        List<PublicKeyPin> pins,
        Optional<CertifiedKey> clientKey,
        Optional<String> serverName,
        List<String> protocols) {

    public TlsSettings {
        trustedCertificates = List.copyOf(trustedCertificates);
        pins = List.copyOf(new LinkedHashSet<>(pins));
        protocols = List.copyOf(protocols);
        serverName.ifPresent(TlsSettings::checkServerName);
    }

    /** Verification on, the system trust store, no pins, no client certificate. */
    public static TlsSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The name to check and send as SNI for a connection to {@code host}. */
    public String nameFor(String host) {
        return serverName.orElse(host);
    }

    private static void checkServerName(String name) {
        if (name.isBlank() || name.chars().anyMatch(c -> c <= 0x20 || c == 0x7F)) {
            throw new IllegalArgumentException("server name must be a host name without spaces or controls");
        }
    }

    public static final class Builder {
        private boolean verify = true;
        private final List<X509Certificate> trusted = new ArrayList<>();
        private final Set<PublicKeyPin> pins = new LinkedHashSet<>();
        private CertifiedKey clientKey;
        private String serverName;
        private final List<String> protocols = new ArrayList<>();

        private Builder() {}

        /** Turns every check but the pins off ({@code --tls-insecure}). */
        public Builder insecure() {
            this.verify = false;
            return this;
        }

        public Builder verify(boolean verify) {
            this.verify = verify;
            return this;
        }

        /** Trusts these certificates instead of the system store; repeatable, they add up. */
        public Builder trust(List<X509Certificate> anchors) {
            trusted.addAll(anchors);
            return this;
        }

        /** Trusts the certificates in a PEM file ({@code --tls-ca FILE}); repeatable. */
        public Builder trustPemFile(Path file) throws IOException {
            return trust(Pem.readCertificates(file));
        }

        public Builder pin(PublicKeyPin pin) {
            pins.add(pin);
            return this;
        }

        /** Adds a pin written {@code sha256/BASE64}. */
        public Builder pin(String pin) {
            return pin(PublicKeyPin.parse(pin));
        }

        public Builder clientKey(CertifiedKey key) {
            this.clientKey = key;
            return this;
        }

        public Builder clientKeyPemFiles(Path certificateFile, Path keyFile) throws IOException {
            return clientKey(CertifiedKey.fromPem(certificateFile, keyFile));
        }

        public Builder serverName(String name) {
            this.serverName = name;
            return this;
        }

        public Builder protocols(List<String> versions) {
            protocols.clear();
            protocols.addAll(versions);
            return this;
        }

        /** Protocols as a comma-separated list: {@code TLSv1.2,TLSv1.3}. */
        public Builder protocols(String commaSeparated) {
            return protocols(Arrays.stream(commaSeparated.split(","))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList());
        }

        public TlsSettings build() {
            return new TlsSettings(verify, trusted, List.copyOf(pins), Optional.ofNullable(clientKey),
                    Optional.ofNullable(serverName), protocols);
        }
    }
}
