package dev.pigeon.client;

import static dev.pigeon.client.ExtensionScripts.acceptOne;
import static dev.pigeon.client.ExtensionScripts.ehlo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pigeon.message.MessageSource;
import dev.pigeon.testing.ScriptedServer;
import dev.pigeon.tls.TlsSettings;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The TLS context costs tens of milliseconds: a send that never uses TLS never makes one. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LazyTlsTest {

    @Test
    void aDefaultClientMakesNoContextForAServerWithoutStartTls() throws Exception {
        SmtpClient client = ClientFixtures.client(Protocol.ESMTP);
        try (ScriptedServer server = ScriptedServer.start(acceptOne(ehlo("PIPELINING")))) {
            client.send(server.host(), server.port(), ClientFixtures.labEnvelope(), MessageSource.ofString("hi\r\n"));
        }
        assertThat(client.settings().tls().isMade()).isFalse();
    }

    @Test
    void theContextIsMadeOnceOnFirstUse() {
        LazyTls tls = LazyTls.of(TlsSettings.defaults());
        assertThat(tls.isMade()).isFalse();
        assertThat(tls.get()).isSameAs(tls.get());
        assertThat(tls.isMade()).isTrue();
    }

    @Test
    void settingsOtherThanTheDefaultsAreCheckedWhenTheClientIsBuilt() {
        TlsSettings bad = TlsSettings.builder().protocols("TLSv0.9").build();
        assertThatThrownBy(() -> SmtpClient.builder().tls(TlsPolicy.of(TlsMode.STARTTLS_REQUIRED, bad)).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
