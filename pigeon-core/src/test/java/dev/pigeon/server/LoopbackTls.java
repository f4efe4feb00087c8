package dev.pigeon.server;

import dev.pigeon.tls.CertifiedKey;
import dev.pigeon.tls.ClientTls;
import dev.pigeon.tls.SelfSignedCertificate;
import dev.pigeon.tls.ServerTls;
import dev.pigeon.tls.TlsSettings;
import javax.net.ssl.SSLContext;

/**
 * A fresh self-signed certificate for the loopback host: the server's context, and a verifying
 * client that trusts that certificate alone. Generating one takes a moment: make it once per class.
 */
record LoopbackTls(SSLContext server, ClientTls client) {
    static LoopbackTls generate() throws Exception {
        CertifiedKey key = SelfSignedCertificate.generateLocal();
        return new LoopbackTls(ServerTls.context(key),
                ClientTls.create(TlsSettings.builder().trust(key.chain()).build()));
    }
}
