package dev.pigeon.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the jar's version when packaged, else the development version. */
final class VersionProvider implements IVersionProvider {
    static final String DEVELOPMENT_VERSION = "0.1.0-SNAPSHOT";

    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"pigeon " + (v != null ? v : DEVELOPMENT_VERSION),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")"};
    }
}
