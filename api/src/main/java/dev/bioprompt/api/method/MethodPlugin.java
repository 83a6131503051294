package dev.bioprompt.api.method;

import com.google.inject.Module;

/**
 * The entry point of a plugin jar, found with {@link java.util.ServiceLoader}: list the implementing class in
 * {@code META-INF/services/dev.bioprompt.api.method.MethodPlugin}.
 *
 * <p>The plugin's Guice module binds its methods by name with {@link MethodBinder}:
 *
 * <pre>{@code
 * public final class CoopPlugin implements MethodPlugin {
 *     public String id() { return "coop"; }
 *     public Module module() { return binder -> MethodBinder.of(binder).bind(new CoopMethod()); }
 * }
 * }</pre>
 *
 * Two plugins binding the same method name fail at start-up with a message naming both.
 */
public interface MethodPlugin {

    /** The SPI version this API defines. A plugin built against another version is refused with a clear message. */
    int SPI_VERSION = 1;

    /** A unique plugin id, lower-case kebab-case. */
    String id();

    /** The SPI version the plugin was built against; leave the default. */
    default int spiVersion() {
        return SPI_VERSION;
    }

    /** The Guice module that binds this plugin's methods. */
    Module module();
}
