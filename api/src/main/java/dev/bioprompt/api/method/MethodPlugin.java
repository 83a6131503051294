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
 *     public int spiVersion() { return SPI_VERSION; }
 *     public Module module() { return binder -> MethodBinder.of(binder).bind(new CoopMethod()); }
 * }
 * }</pre>
 *
 * <p><b>Versions.</b> {@link #spiVersion()} has no default: implement it as {@code return SPI_VERSION;}. The
 * compiler copies the constant into the plugin's class file, so the answer is the SPI version of the api the plugin
 * was compiled against, not the host's. The host refuses a plugin whose answer differs from its own
 * {@link #SPI_VERSION}, naming the jar, the plugin's SPI version and the host's. The plugin's own version is the
 * {@code Implementation-Version} of its jar manifest (the plugin parent POM writes it).
 *
 * <p><b>Loading.</b> Each jar in the plugin folder gets its own class loader that sees only the plugin API: the
 * packages {@code dev.bioprompt.api}, {@code dev.bioprompt.methods.toolkit}, DJL's api ({@code ai.djl}, not an
 * engine), Guice ({@code com.google.inject}, {@code jakarta.inject}) and slf4j, plus the jar itself and the JDK.
 * Before a plugin is accepted, every {@link PromptMethod} it binds is resolved and each of its SPI methods (except
 * {@link PromptMethod#create}) is called once; a plugin that throws, or that fails to link against this api
 * ({@link LinkageError}: {@code NoSuchMethodError}, {@code AbstractMethodError}, {@code NoClassDefFoundError}), is
 * skipped with a message naming its jar, and the other plugins still load.
 *
 * <p><b>Duplicates.</b> Two plugins that bind the same method name, or that have the same {@link #id()}, are both
 * refused with a message naming each one's jar, id and version; load order never decides. Remove one of the jars.
 */
public interface MethodPlugin {

    /**
     * The SPI version this api defines. Version 2 made {@link #spiVersion()} abstract (version 1 plugins answered
     * the host's version through a default method).
     */
    int SPI_VERSION = 2;

    /** A unique plugin id, lower-case kebab-case; recorded in every prompt set the plugin's methods train. */
    String id();

    /**
     * The SPI version the plugin was compiled against: implement it as {@code return SPI_VERSION;} (a compile-time
     * constant, so it is compiled into the plugin).
     */
    int spiVersion();

    /** The Guice module that binds this plugin's methods. */
    Module module();
}
