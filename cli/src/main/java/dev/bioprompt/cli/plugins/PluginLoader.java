package dev.bioprompt.cli.plugins;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import dev.bioprompt.api.method.MethodPlugin;
import dev.bioprompt.api.method.PromptMethod;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Finds {@link MethodPlugin}s on the class path and in a folder of plugin jars, and collects their methods by name.
 *
 * <p>Each plugin's Guice module is instantiated on its own first, so that a plugin whose construction throws, whose
 * SPI version differs, or that binds a method name another plugin already bound, is reported (naming the jar and the
 * class) and skipped while the others still load.
 */
public final class PluginLoader {

    private static final Key<Map<String, PromptMethod>> METHODS = Key.get(new TypeLiteral<>() { });

    private PluginLoader() {
    }

    /**
     * Loads every plugin.
     *
     * @param pluginDir a folder of plugin jars (each jar gets its own class loader), or null
     * @param parent the class loader of the platform (the class path)
     */
    public static PluginRegistry load(Path pluginDir, ClassLoader parent) {
        List<PluginProblem> problems = new ArrayList<>();
        Map<String, LoadedMethod> methods = new LinkedHashMap<>();
        loadFrom(parent, null, methods, problems);
        if (pluginDir != null && Files.isDirectory(pluginDir)) {
            for (Path jar : jars(pluginDir, problems)) {
                try {
                    URLClassLoader loader = new URLClassLoader("plugin:" + jar.getFileName(),
                            new URL[] {jar.toUri().toURL()}, parent);
                    loadFrom(loader, jar, methods, problems);
                } catch (MalformedURLException e) {
                    problems.add(new PluginProblem(jar.toString(), "(jar)", "cannot open: " + e.getMessage()));
                }
            }
        }
        return new PluginRegistry(methods, problems);
    }

    private static List<Path> jars(Path dir, List<PluginProblem> problems) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            problems.add(new PluginProblem(dir.toString(), "(folder)", "cannot list plugin folder: " + e.getMessage()));
            return List.of();
        }
    }

    private static void loadFrom(ClassLoader loader, Path jar, Map<String, LoadedMethod> methods,
                                 List<PluginProblem> problems) {
        ServiceLoader<MethodPlugin> services = ServiceLoader.load(MethodPlugin.class, loader);
        for (ServiceLoader.Provider<MethodPlugin> provider : providers(services, jar, problems)) {
            Class<? extends MethodPlugin> type = provider.type();
            String origin = originOf(type, jar);
            // a jar's class loader also sees the class path: only take plugins defined by this jar
            if (jar != null && type.getClassLoader() != loader) {
                continue;
            }
            try {
                MethodPlugin plugin = provider.get();
                if (plugin.spiVersion() != MethodPlugin.SPI_VERSION) {
                    problems.add(new PluginProblem(origin, type.getName(), "built for SPI version "
                            + plugin.spiVersion() + ", this BioPrompt provides " + MethodPlugin.SPI_VERSION));
                    continue;
                }
                Map<String, PromptMethod> contributed = methodsOf(plugin);
                List<String> clashes = contributed.keySet().stream().filter(methods::containsKey).toList();
                if (!clashes.isEmpty()) {
                    LoadedMethod first = methods.get(clashes.get(0));
                    problems.add(new PluginProblem(origin, type.getName(), "method name '" + clashes.get(0)
                            + "' is already provided by plugin '" + first.pluginId() + "' from " + first.origin()
                            + "; this plugin was skipped"));
                    continue;
                }
                contributed.forEach((name, method) -> methods.put(name, new LoadedMethod(method, plugin.id(), origin)));
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                problems.add(new PluginProblem(origin, type.getName(), "failed to start: " + describe(e)));
            }
        }
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
            } catch (ServiceConfigurationError e) {
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

    private static String originOf(Class<?> type, Path jar) {
        if (jar != null) {
            return jar.toString();
        }
        var source = type.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? "class path" : source.getLocation().getPath();
    }

    private static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? "" : ": " + t.getMessage().lines().findFirst().orElse("");
        return t.getClass().getSimpleName() + message;
    }
}
