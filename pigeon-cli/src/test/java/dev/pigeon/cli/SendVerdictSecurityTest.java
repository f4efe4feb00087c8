package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.client.SecurityStop;
import dev.pigeon.client.SendResult;
import dev.pigeon.client.SendResult.Outcome;
import dev.pigeon.client.SessionException;
import dev.pigeon.client.Stage;
import dev.pigeon.client.TlsMode;
import dev.pigeon.protocol.Capabilities;
import dev.pigeon.protocol.Reply;
import dev.pigeon.transport.DataAfterStartTlsException;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The exit statuses of TLS and AUTH outcomes, and the default TLS mode per port. */
class SendVerdictSecurityTest {

    private static SendResult refused(Stage stage, Reply reply) {
        return new SendResult(Outcome.REFUSED, stage, Optional.of(reply), List.of(), Optional.empty(),
                Capabilities.NONE, 0);
    }

    @ParameterizedTest
    @CsvSource({"TLS,454,75", "TLS,502,69", "TLS,554,69", "AUTH,454,75", "AUTH,535,77", "AUTH,534,77",
            "AUTH,538,77", "AUTH,504,69", "AUTH,502,69"})
    void refusalsOfStartTlsAndAuth(Stage stage, int code, int exit) {
        assertThat(SendVerdict.of(refused(stage, Reply.of(code, "no")), false).exitCode()).isEqualTo(exit);
    }

    @ParameterizedTest
    @CsvSource({"STARTTLS_NOT_OFFERED,69", "AUTH_NOT_OFFERED,69", "NO_COMMON_MECHANISM,69",
            "CREDENTIALS_NEED_TLS,69", "AUTHENTICATION_FAILED,77"})
    void securityStops(SecurityStop.Reason reason, int exit) {
        SendVerdict verdict = SendVerdict.of(new SecurityStop(Stage.AUTH, reason, "stopped"));
        assertThat(verdict.exitCode()).isEqualTo(exit);
        assertThat(verdict.errors()).singleElement().asString().startsWith("stopped");
    }

    @Test
    void dataAfterStartTlsIs76() {
        DataAfterStartTlsException cause = new DataAfterStartTlsException(3);
        SendVerdict verdict = SendVerdict.of(new SessionException(Stage.TLS, cause.getMessage(), cause, false));
        assertThat(verdict.exitCode()).isEqualTo(76);
        assertThat(verdict.errors().getFirst()).contains("server sent data after its STARTTLS reply");
    }

    @Test
    void aHandshakeFailureNotAboutTheCertificateIs69() {
        SSLHandshakeException cause = new SSLHandshakeException("Received fatal alert: protocol_version");
        SendVerdict verdict = SendVerdict.of(new SessionException(Stage.TLS, "TLS handshake failed: "
                + cause.getMessage(), cause, false));
        assertThat(verdict.exitCode()).isEqualTo(69);
        assertThat(verdict.errors().getFirst()).contains("--tls-protocols");
    }

    @Test
    void port465DefaultsToImplicitTlsAndOthersToStartTlsWhenOffered() {
        TlsOptions options = new TlsOptions();
        assertThat(options.mode(465)).isEqualTo(TlsMode.IMPLICIT);
        assertThat(options.mode(587)).isEqualTo(TlsMode.OPPORTUNISTIC);
        assertThat(options.mode(25)).isEqualTo(TlsMode.OPPORTUNISTIC);
    }

    @Test
    void aPasswordCommandGivesItsFirstLine() {
        assertThat(SecretSource.command("printf 'one\\ntwo\\n'", java.time.Duration.ofSeconds(10))).isEqualTo("one");
    }

    @Test
    void theEnvironmentSourceNamesAMissingVariable() {
        AuthOptions.Secret secret = new AuthOptions.Secret();
        secret.env = "PIGEON_TEST_NO_SUCH_VAR";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SecretSource.read(secret, "u", "s", System.err,
                        name -> null))
                .isInstanceOfSatisfying(Failure.class, f -> {
                    assertThat(f.exitCode()).isEqualTo(64);
                    assertThat(f.getMessage()).contains("PIGEON_TEST_NO_SUCH_VAR");
                });
        assertThat(SecretSource.read(secret, "u", "s", System.err, name -> "tok3n")).containsExactly("tok3n".toCharArray());
    }
}
