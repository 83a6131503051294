package dev.bioprompt.cli.config;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The configuration file of {@code --config} is missing or unreadable: a failure (exit 1), not a usage error. */
public final class ConfigurationFileException extends UncheckedIOException {

    private static final long serialVersionUID = 1L;

    public ConfigurationFileException(String message, IOException cause) {
        super(message, cause);
    }
}
