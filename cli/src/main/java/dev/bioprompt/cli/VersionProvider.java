package dev.bioprompt.cli;

import picocli.CommandLine.IVersionProvider;

/** Prints the BioPrompt version from the jar manifest. */
public final class VersionProvider implements IVersionProvider {

    /** The running BioPrompt version ("dev" outside a packaged jar). */
    public static String version() {
        String v = Bioprompt.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"bioprompt " + version(), "Java " + System.getProperty("java.version")};
    }
}
