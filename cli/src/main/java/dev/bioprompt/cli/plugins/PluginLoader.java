package dev.bioprompt.cli.plugins;

import static java.util.Objects.requireNonNull;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.MethodPlugin;
import dev.bioprompt.api.method.PromptMethod;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Finds {@link MethodPlugin}s on the class path and in a folder of plugin jars, and collects their methods by name.
 *
 * <p>Each jar gets its own {@link PluginClassLoader}, which exposes only the plugin API of the host. A plugin is
 * accepted only when all of these hold, otherwise it is skipped with a {@link PluginProblem} naming its jar and class
 * while the other plugins still load:
 * <ul>
 *   <li>its constructor, {@link MethodPlugin#id()} and Guice module do not throw;</li>
 *   <li>{@link MethodPlugin#spiVersion()} (compiled into the plugin) equals the host's {@link MethodPlugin#SPI_VERSION};</li>
 *   <li>every {@link PromptMethod} it binds is reported under its own name, and each SPI method of it (all but
 *       {@code create}) can be called once without throwing or failing to link ({@link LinkageError});</li>
 *   <li>no other plugin binds one of its method names or has its id: duplicates are all refused, whatever the load
 *       order, with a message naming each jar, plugin id and version.</li>
 * </ul>
 */
public final class PluginLoader {

    private static final Key<Map<String, PromptMethod>> METHODS = Key.get(new TypeLiteral<>() { });

    /** The host's BioPrompt version (from the api jar's build), for messages and built-in plugins. */
    public static final String HOST_VERSION = hostVersion();

    private PluginLoader() {
    }

    /**
     * Loads the class-path plugins and every jar of a folder given explicitly (a missing folder is a warning).
     *
     * @param pluginDir a folder of plugin jars, or null for class-path plugins only
     * @param host the class loader of the platform (the class path)
     */
    public static PluginRegistry load(Path pluginDir, ClassLoader host) {
        return fromFolder(pluginDir == null ? null : new PluginFolder(pluginDir, true), host);
    }

    /**
     * Loads the class-path plugins and every jar of a plugin folder.
     *
     * @param folder the resolved plugin folder, or null for class-path plugins only
     * @param host the class loader of the platform (the class path)
     */
    public static PluginRegistry fromFolder(PluginFolder folder, ClassLoader host) {
        requireNonNull(host, "host is null");
        List<PluginProblem> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        candidates.addAll(candidates(host, null, problems));
        if (folder != null) {
            Path dir = folder.path();
            if (Files.isDirectory(dir)) {
                for (Path jar : jars(dir, problems)) {
                    try {
                        PluginClassLoader loader = new PluginClassLoader("plugin:" + jar.getFileName(),
                                jar.toUri().toURL(), host);
                        List<Candidate> found = candidates(loader, jar, problems);
                        if (found.isEmpty()) {
                            warnings.add("plugin jar " + jar + " lists no " + MethodPlugin.class.getName()
                                    + " in META-INF/services; it was ignored");
                        }
                        candidates.addAll(found);
                    } catch (MalformedURLException e) {
                        problems.add(new PluginProblem(jar.toString(), "(jar)", "cannot open: " + e.getMessage()));
                    }
                }
            } else if (folder.configured()) {
                warnings.add("plugin folder " + dir + " (plugins.dir) "
                        + (Files.exists(dir) ? "is not a folder" : "does not exist") + "; no plugin jars were loaded");
            }
        }
        Map<String, LoadedMethod> methods = new LinkedHashMap<>();
        for (Candidate candidate : candidates) {
            List<String> clashes = new ArrayList<>();
            for (Candidate other : candidates) {
                if (other == candidate) {
                    continue;
                }
                if (other.id().equals(candidate.id())) {
                    clashes.add("plugin id '" + candidate.id() + "' is also used by " + other.describe());
                }
                for (String name : candidate.methods().keySet()) {
                    if (other.methods().containsKey(name)) {
                        clashes.add("method '" + name + "' is also bound by " + other.describe());
                    }
                }
            }
            if (!clashes.isEmpty()) {
                problems.add(new PluginProblem(candidate.origin(), candidate.className(), "plugin '" + candidate.id()
                        + "' version " + candidate.version() + " was refused: " + String.join("; ", clashes)
                        + " (duplicates are all refused; remove one of the jars)"));
                continue;
            }
            candidate.methods().forEach((name, method) -> methods.put(name,
                    new LoadedMethod(method, candidate.id(), candidate.version(), candidate.origin())));
        }
        return new PluginRegistry(methods, problems, warnings);
    }

    private static List<Path> jars(Path dir, List<PluginProblem> problems) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            problems.add(new PluginProblem(dir.toString(), "(folder)", "cannot list plugin folder: " + e.getMessage()));
            return List.of();
        }
    }

    private static List<Candidate> candidates(ClassLoader loader, Path jar, List<PluginProblem> problems) {
        List<Candidate> out = new ArrayList<>();
        ServiceLoader<MethodPlugin> services = ServiceLoader.load(MethodPlugin.class, loader);
        for (ServiceLoader.Provider<MethodPlugin> provider : providers(services, jar, problems)) {
            Class<? extends MethodPlugin> type;
            try {
                type = provider.type();
            } catch (ServiceConfigurationError | LinkageError e) {
                problems.add(new PluginProblem(jar == null ? "class path" : jar.toString(), "(provider)", describe(e)));
                continue;
            }
            // a plugin jar's own services file only: never the host's
            if (jar != null && type.getClassLoader() != loader) {
                continue;
            }
            String origin = originOf(type, jar);
            try {
                MethodPlugin plugin = provider.get();
                int spi = plugin.spiVersion();
                String version = versionOf(type, jar);
                if (spi != MethodPlugin.SPI_VERSION) {
                    problems.add(new PluginProblem(origin, type.getName(), "plugin version " + version
                            + " was built for SPI version " + spi + ", but this BioPrompt " + HOST_VERSION
                            + " provides SPI version " + MethodPlugin.SPI_VERSION + "; rebuild it against bioprompt-api "
                            + HOST_VERSION));
                    continue;
                }
                String id = requireNonNull(plugin.id(), "plugin id is null");
                if (!id.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
                    throw new IllegalStateException("plugin id '" + id + "' is not lower-case kebab-case");
                }
                Map<String, PromptMethod> contributed = methodsOf(plugin);
                contributed.values().forEach(PluginLoader::exercise);
                out.add(new Candidate(id, version, origin, type.getName(), contributed));
            } catch (LinkageError e) {
                problems.add(new PluginProblem(origin, type.getName(), "does not link against this BioPrompt "
                        + HOST_VERSION + " (SPI version " + MethodPlugin.SPI_VERSION + "): " + describe(e)
                        + "; it was built against another bioprompt-api or uses a class plugins cannot see"));
            } catch (ServiceConfigurationError | RuntimeException e) {
                problems.add(new PluginProblem(origin, type.getName(), "failed to start: " + describe(e)));
            }
        }
        return out;
    }

    private static List<ServiceLoader.Provider<MethodPlugin>> providers(ServiceLoader<MethodPlugin> services, Path jar,
                                                                        List<PluginProblem> problems) {
        List<ServiceLoader.Provider<MethodPlugin>> out = new ArrayList<>();
        var it = services.stream().iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return out;
                }
                out.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                problems.add(new PluginProblem(jar == null ? "class path" : jar.toString(), "(provider)", describe(e)));
            }
        }
    }

    private static Map<String, PromptMethod> methodsOf(MethodPlugin plugin) {
        Injector injector = Guice.createInjector(Stage.PRODUCTION,
                binder -> MapBinder.newMapBinder(binder, String.class, PromptMethod.class), plugin.module());
        Map<String, PromptMethod> contributed = injector.getInstance(METHODS);
        contributed.forEach((name, method) -> {
            if (!name.equals(method.name())) {
                throw new IllegalStateException("method bound as '" + name + "' reports name '" + method.name() + "'");
            }
        });
        return contributed;
    }

    /** Calls every SPI method of a method once (all but {@code create}), so that linkage errors surface now. */
    private static void exercise(PromptMethod method) {
        requireNonNull(method.description(), "description() of " + method.name() + " is null");
        MethodParameters defaults = MethodParameters.resolve(method.name(),
                requireNonNull(method.parameters(), "parameters() of " + method.name() + " is null"), List.of());
        requireNonNull(method.presets(), "presets() of " + method.name() + " is null");
        requireNonNull(method.trainingDefaults(), "trainingDefaults() of " + method.name() + " is null");
        requireNonNull(method.requiredViews(), "requiredViews() of " + method.name() + " is null");
        requireNonNull(method.requiredViews(defaults), "requiredViews(parameters) of " + method.name() + " is null");
        method.needsDescriptions();
    }

    private static String originOf(Class<?> type, Path jar) {
        if (jar != null) {
            return jar.toString();
        }
        var source = type.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? "class path" : source.getLocation().getPath();
    }

    /** The plugin's version: its jar manifest's Implementation-Version; a class-path plugin without one is the host's. */
    private static String versionOf(Class<?> type, Path jar) {
        if (jar != null) {
            try (JarFile file = new JarFile(jar.toFile())) {
                Manifest manifest = file.getManifest();
                String version = manifest == null ? null
                        : manifest.getMainAttributes().getValue("Implementation-Version");
                return version == null || version.isBlank() ? "unknown" : version.trim();
            } catch (IOException e) {
                return "unknown";
            }
        }
        String version = type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? HOST_VERSION : version;
    }

    private static String hostVersion() {
        try (InputStream in = MethodPlugin.class.getResourceAsStream("/dev/bioprompt/api/version.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version", "");
                if (!version.isBlank() && !version.startsWith("${")) {
                    return version.trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }

    private static String describe(Throwable e) {
        Throwable t = e;
        // the innermost cause, but a linkage error names the missing member or class better than its cause
        while (!(t instanceof LinkageError) && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? "" : ": " + t.getMessage().lines().findFirst().orElse("");
        return t.getClass().getSimpleName() + message;
    }

    /** A plugin that started and whose methods all answered; accepted unless it clashes with another. */
    private record Candidate(String id, String version, String origin, String className,
                             Map<String, PromptMethod> methods) {
        String describe() {
            return "plugin '" + id + "' version " + version + " (" + className + ") from " + origin;
        }
    }
}
