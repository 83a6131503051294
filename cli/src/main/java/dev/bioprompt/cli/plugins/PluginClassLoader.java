package dev.bioprompt.cli.plugins;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one plugin jar: it sees the jar, the JDK (through the platform class loader) and, from the host,
 * only the plugin API packages ({@link #SPI_PACKAGES}). Backbone, tracking, registry, runners, the AWS SDK and every
 * other class of the application class path stay invisible, so a plugin compiles and runs against the published API
 * alone and cannot clash with the host's libraries. Modelled on Trino's {@code PluginClassLoader}.
 *
 * <p>SPI classes come from the host first (a plugin jar that bundles its own copy of the api is ignored for those
 * packages); every other class comes from the jar first, then from the JDK.
 */
final class PluginClassLoader extends URLClassLoader {

    /** Package prefixes a plugin sees from the host: the plugin API and the libraries its signatures use. */
    static final List<String> SPI_PACKAGES = List.of(
            "dev.bioprompt.api.",
            "dev.bioprompt.methods.toolkit.",
            "ai.djl.",
            "com.google.inject.",
            "jakarta.inject.",
            "javax.inject.",
            "org.aopalliance.",
            "org.slf4j.");

    /** Sub-packages of {@link #SPI_PACKAGES} that are not API: DJL's engines and tokenizers. */
    static final List<String> HIDDEN_PACKAGES = List.of("ai.djl.pytorch.", "ai.djl.huggingface.");

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader spiLoader;

    /**
     * @param name a name for diagnostics ({@code plugin:<jar>})
     * @param jar the plugin jar
     * @param spiLoader the host class loader that defines the API classes
     */
    PluginClassLoader(String name, URL jar, ClassLoader spiLoader) {
        super(name, new URL[] {requireNonNull(jar, "jar is null")}, ClassLoader.getPlatformClassLoader());
        this.spiLoader = requireNonNull(spiLoader, "spiLoader is null");
    }

    /** Whether a class of this binary name comes from the host. */
    static boolean isSpiClass(String className) {
        return SPI_PACKAGES.stream().anyMatch(className::startsWith)
                && HIDDEN_PACKAGES.stream().noneMatch(className::startsWith);
    }

    private static boolean isSpiResource(String resource) {
        int slash = resource.lastIndexOf('/');
        return slash > 0 && isSpiClass(resource.substring(0, slash + 1).replace('/', '.'));
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null) {
                if (isSpiClass(name)) {
                    type = spiLoader.loadClass(name);
                } else {
                    try {
                        type = findClass(name);
                    } catch (ClassNotFoundException e) {
                        type = getParent().loadClass(name);
                    }
                }
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }

    @Override
    public URL getResource(String name) {
        if (isSpiResource(name)) {
            return spiLoader.getResource(name);
        }
        URL url = findResource(name);
        return url != null ? url : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> urls = new ArrayList<>();
        if (isSpiResource(name)) {
            urls.addAll(Collections.list(spiLoader.getResources(name)));
        } else {
            urls.addAll(Collections.list(findResources(name)));
            urls.addAll(Collections.list(getParent().getResources(name)));
        }
        return Collections.enumeration(urls);
    }
}
