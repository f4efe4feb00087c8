package dev.pigeon.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DsnTest {
    @Test
    void notifyParsesCaseInsensitivelyAndPrintsInRfcOrder() {
        Set<Dsn.Notify> set = Dsn.parseNotify("delay, Failure,success");
        assertThat(Dsn.none().withNotify(set).notifyValue()).hasValue("SUCCESS,FAILURE,DELAY");
        assertThat(Dsn.none().notifyValue()).isEmpty();
    }

    @Test
    void neverStandsAlone() {
        assertThatThrownBy(() -> Dsn.parseNotify("NEVER,FAILURE")).hasMessageContaining("NEVER");
        assertThatThrownBy(() -> new Dsn(EnumSet.of(Dsn.Notify.NEVER, Dsn.Notify.DELAY), Optional.empty(),
                Optional.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Dsn.parseNotify("sometimes")).hasMessageContaining("sometimes");
        assertThatThrownBy(() -> Dsn.parseNotify("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void envidMustBePrintableAsciiUpTo100() {
        assertThat(Dsn.none().withEnvid("a b+c").envid()).hasValue("a b+c");
        assertThatThrownBy(() -> Dsn.none().withEnvid("a\r\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Dsn.none().withEnvid("é")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Dsn.none().withEnvid("x".repeat(101))).isInstanceOf(IllegalArgumentException.class);
        assertThat(Dsn.none().withEnvid("x".repeat(100)).isEmpty()).isFalse();
    }

    @Test
    void extensionsValidateTheChunkSize() {
        assertThatThrownBy(() -> Extensions.defaults().withChunkSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Extensions.defaults().chunkSize()).isEqualTo(65536);
    }
}
