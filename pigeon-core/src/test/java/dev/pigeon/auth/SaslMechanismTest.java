package dev.pigeon.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SaslMechanismTest {
    private static final Credentials PASSWORD = Credentials.password("alice", "pw".toCharArray());
    private static final Credentials TOKEN = Credentials.bearerToken("alice", "tok".toCharArray());

    @Test
    void supportedNamesStrongestFirst() {
        assertThat(SaslMechanism.supportedNames()).containsExactly("SCRAM-SHA-256", "SCRAM-SHA-1",
                "CRAM-MD5", "PLAIN", "LOGIN", "OAUTHBEARER", "XOAUTH2");
    }

    @Test
    void byNameIgnoresCase() {
        assertThat(SaslMechanism.byName("scram-sha-256")).contains(SaslMechanism.SCRAM_SHA_256);
        assertThat(SaslMechanism.byName("Plain")).contains(SaslMechanism.PLAIN);
        assertThat(SaslMechanism.byName("xoauth2")).contains(SaslMechanism.XOAUTH2);
        assertThat(SaslMechanism.byName("GSSAPI")).isEmpty();
    }

    @Test
    void strongestPicksTheBestCommonMechanismForAPassword() {
        assertThat(SaslMechanism.strongest(List.of("PLAIN", "LOGIN"), PASSWORD))
                .contains(SaslMechanism.PLAIN);
        assertThat(SaslMechanism.strongest(List.of("login", "cram-md5", "plain"), PASSWORD))
                .contains(SaslMechanism.CRAM_MD5);
        assertThat(SaslMechanism.strongest(List.of("PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256", "XOAUTH2"), PASSWORD))
                .contains(SaslMechanism.SCRAM_SHA_256);
        assertThat(SaslMechanism.strongest(List.of("SCRAM-SHA-1", "CRAM-MD5"), PASSWORD))
                .contains(SaslMechanism.SCRAM_SHA_1);
        assertThat(SaslMechanism.strongest(List.of("LOGIN"), PASSWORD)).contains(SaslMechanism.LOGIN);
    }

    @Test
    void strongestNeverPicksATokenMechanismForAPasswordOrTheReverse() {
        assertThat(SaslMechanism.strongest(List.of("XOAUTH2", "OAUTHBEARER", "GSSAPI"), PASSWORD)).isEmpty();
        assertThat(SaslMechanism.strongest(List.of("PLAIN", "SCRAM-SHA-256", "XOAUTH2"), TOKEN))
                .contains(SaslMechanism.XOAUTH2);
        assertThat(SaslMechanism.strongest(List.of("XOAUTH2", "OAUTHBEARER"), TOKEN))
                .contains(SaslMechanism.OAUTHBEARER);
        assertThat(SaslMechanism.strongest(List.of(), PASSWORD)).isEmpty();
    }

    @Test
    void exposesSecretOnlyForRecoverableMechanisms() {
        assertThat(SaslMechanism.all().stream().filter(SaslMechanism::exposesSecret).map(SaslMechanism::name))
                .containsExactlyInAnyOrder("PLAIN", "LOGIN", "XOAUTH2", "OAUTHBEARER");
    }
}
