package dev.pigeon.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** In-memory key and trust stores turned into JSSE managers; nothing is written to disk. */
final class KeyStores {
    private static final char[] IN_MEMORY_PASSWORD = "pigeon".toCharArray(); // guards nothing: never stored

    private KeyStores() {}

    static KeyManager[] keyManagers(CertifiedKey key) throws GeneralSecurityException {
        KeyStore store = emptyStore();
        store.setKeyEntry("key", key.privateKey(), IN_MEMORY_PASSWORD, key.chain().toArray(Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, IN_MEMORY_PASSWORD);
        return factory.getKeyManagers();
    }

    /** PKIX trust managers for these anchors, or for the JDK's default trust store when empty. */
    static TrustManager[] trustManagers(List<X509Certificate> anchors) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        if (anchors.isEmpty()) {
            factory.init((KeyStore) null);
            return factory.getTrustManagers();
        }
        KeyStore store = emptyStore();
        for (int i = 0; i < anchors.size(); i++) {
            store.setCertificateEntry("ca-" + i, anchors.get(i));
        }
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an in-memory key store", e);
        }
        return store;
    }
}
