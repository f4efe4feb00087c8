package dev.pigeon.cli;

import dev.pigeon.client.Stage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for the option values that are not plain strings or numbers. */
final class Converters {
    private Converters() {}

    /** {@code --timeout SECONDS}: positive, decimals allowed ({@code 0.5}), at most a day. */
    static final class Seconds implements ITypeConverter<Duration> {
        private static final BigDecimal MAX = BigDecimal.valueOf(86_400);

        @Override
        public Duration convert(String value) {
            BigDecimal seconds;
            try {
                seconds = new BigDecimal(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a number of seconds");
            }
            if (seconds.signum() <= 0 || seconds.compareTo(MAX) > 0) {
                throw new TypeConversionException("'" + value + "' must be more than 0 and at most 86400 seconds");
            }
            long millis = seconds.movePointRight(3).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
            return Duration.ofMillis(millis);
        }
    }

    /** {@code --quit-after connect|greeting|helo|tls|auth|mail|rcpt|data}. */
    static final class QuitAfter implements ITypeConverter<Stage> {
        static final String NAMES = "connect|greeting|helo|tls|auth|mail|rcpt|data";

        @Override
        public Stage convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            if (v.equals("ehlo") || v.equals("hello")) {
                return Stage.HELLO;
            }
            for (Stage s : Stage.values()) {
                if (s.cliName().equals(v) && s.compareTo(Stage.DATA) <= 0) {
                    return s;
                }
            }
            throw new TypeConversionException("'" + value + "' is not one of " + NAMES);
        }
    }

    /** A TCP port, 1 to 65535. */
    static final class Port implements ITypeConverter<Integer> {
        private final int min;

        Port() {
            this(1);
        }

        Port(int min) {
            this.min = min;
        }

        @Override
        public Integer convert(String value) {
            int port;
            try {
                port = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a port number");
            }
            if (port < min || port > 65535) {
                throw new TypeConversionException("port " + port + " is out of range " + min + "-65535");
            }
            return port;
        }
    }

    /** A port for listening: 0 means any free port. */
    static final class ListenPort implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return new Port(0).convert(value);
        }
    }
}
