package dev.pigeon.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Default locations: XDG_CONFIG_HOME honoured (when absolute), else ~/.config; msmtp's two places. */
class ConfigPathsTest {
    @TempDir
    Path home;

    @Test
    void xdgConfigHomeIsHonoured() {
        Map<String, String> env = Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", "/xdg");
        assertThat(ConfigPaths.pigeonConfig(env::get)).isEqualTo(Path.of("/xdg/pigeon/config.toml"));
    }

    @Test
    void withoutXdgItIsUnderDotConfig() {
        Map<String, String> env = Map.of("HOME", home.toString());
        assertThat(ConfigPaths.pigeonConfig(env::get)).isEqualTo(home.resolve(".config/pigeon/config.toml"));
        Map<String, String> relative = Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", "rel");
        assertThat(ConfigPaths.pigeonConfig(relative::get)).isEqualTo(home.resolve(".config/pigeon/config.toml"));
    }

    @Test
    void msmtprcPrefersTheClassicFile() throws IOException {
        Map<String, String> env = Map.of("HOME", home.toString());
        assertThat(ConfigPaths.msmtprc(env::get)).isEqualTo(home.resolve(".msmtprc"));
        Files.createDirectories(home.resolve(".config/msmtp"));
        Files.writeString(home.resolve(".config/msmtp/config"), "");
        assertThat(ConfigPaths.msmtprc(env::get)).isEqualTo(home.resolve(".config/msmtp/config"));
        Files.writeString(home.resolve(".msmtprc"), "");
        assertThat(ConfigPaths.msmtprc(env::get)).isEqualTo(home.resolve(".msmtprc"));
    }
}
