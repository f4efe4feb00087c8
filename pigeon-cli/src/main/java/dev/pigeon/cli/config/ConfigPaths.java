package dev.pigeon.cli.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Where configuration files live by default, from the environment (passed in, so tests need not
 * change the real one).
 */
public final class ConfigPaths {
    private ConfigPaths() {}

    /** The home folder: {@code $HOME}, else the JVM's {@code user.home}. */
    public static Path home(UnaryOperator<String> env) {
        String home = env.apply("HOME");
        return Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"));
    }

    /** {@code $XDG_CONFIG_HOME/pigeon/config.toml}, else {@code ~/.config/pigeon/config.toml}. */
    public static Path pigeonConfig(UnaryOperator<String> env) {
        String xdg = env.apply("XDG_CONFIG_HOME");
        // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
        Path base = xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : home(env).resolve(".config");
        return base.resolve("pigeon").resolve("config.toml");
    }

    /** {@code ~/.msmtprc}, else {@code $XDG_CONFIG_HOME/msmtp/config} (msmtp looks in both). */
    public static Path msmtprc(UnaryOperator<String> env) {
        Path classic = home(env).resolve(".msmtprc");
        if (Files.exists(classic)) {
            return classic;
        }
        String xdg = env.apply("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : home(env).resolve(".config");
        Path modern = base.resolve("msmtp").resolve("config");
        return Files.exists(modern) ? modern : classic;
    }
}
