package dev.bioprompt.cli.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.method.MethodPlugin;
import dev.bioprompt.backbone.ToyBackbone;
import dev.bioprompt.cli.UsageException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginLoaderTest {

    @TempDir
    Path pluginDir;

    @TempDir
    Path work;

    /** A plugin jar holding the given plugin classes (and TestMethod), registered through META-INF/services. */
    private Path jar(String name, Class<?>... plugins) throws IOException, URISyntaxException {
        Path classes = Path.of(TestMethod.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = pluginDir.resolve(name);
        StringBuilder services = new StringBuilder();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> type : concat(TestMethod.class, plugins)) {
                String entry = type.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                Files.copy(classes.resolve(entry), out);
                out.closeEntry();
            }
            for (Class<?> plugin : plugins) {
                services.append(plugin.getName()).append('\n');
            }
            out.putNextEntry(new JarEntry("META-INF/services/" + MethodPlugin.class.getName()));
            OutputStream raw = out;
            raw.write(services.toString().getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private static Class<?>[] concat(Class<?> first, Class<?>[] rest) {
        Class<?>[] all = new Class<?>[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /**
     * A parent loader that does not see the test classes, as the platform does not see plugin classes, nor the
     * plugins registered on the class path (the built-in methods), so that only the jars of a test count.
     */
    private static ClassLoader platformOnly() {
        return new ClassLoader("platform-only", MethodPlugin.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith(TestMethod.class.getPackageName() + ".") && !name.endsWith("Test")) {
                    throw new ClassNotFoundException(name + " lives only in plugin jars");
                }
                return super.loadClass(name, resolve);
            }

            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                if (name.equals("META-INF/services/" + MethodPlugin.class.getName())) {
                    return Collections.emptyEnumeration();
                }
                return super.getResources(name);
            }
        };
    }

    /** The source of a plugin {@code pkg.Plugin} with id {@code pkg} binding one method {@code pkg.Method}. */
    private static String pluginSource(String pkg, String spiVersionMember) {
        return """
                package %1$s;

                import com.google.inject.Module;
                import dev.bioprompt.api.method.MethodBinder;
                import dev.bioprompt.api.method.MethodPlugin;

                public final class Plugin implements MethodPlugin {
                    public String id() { return "%1$s"; }
                    %2$s
                    public Module module() { return binder -> MethodBinder.of(binder).bind(new Method()); }
                }
                """.formatted(pkg, spiVersionMember);
    }

    private static final String SPI_MEMBER = "public int spiVersion() { return SPI_VERSION; }";

    /** The source of a method {@code pkg.Method} named {@code pkg}; {@code body} adds or overrides members. */
    private static String methodSource(String pkg, String parameters, String body) {
        return """
                package %1$s;

                import dev.bioprompt.api.method.*;
                import java.util.List;

                public final class Method implements PromptMethod {
                    public String name() { return "%1$s"; }
                    public String description() { return "%1$s method"; }
                    public List<MethodParameter> parameters() { return %2$s; }
                    public PromptLearner create(MethodContext context) { throw new UnsupportedOperationException(); }
                    %3$s
                }
                """.formatted(pkg, parameters, body);
    }

    private static final String TRAINING_DEFAULTS =
            "public TrainingDefaults trainingDefaults() { return TrainingDefaults.untrained(); }";

    private PluginJarBuilder plugin(String pkg) {
        return new PluginJarBuilder(work).service(pkg + ".Plugin");
    }

    @Test
    void loadsMethodsFromPluginJarsWithTheirVersions() throws Exception {
        jar("alpha.jar", AlphaPlugin.class);
        plugin("gamma").source("gamma.Plugin", pluginSource("gamma", SPI_MEMBER))
                .source("gamma.Method", methodSource("gamma", "List.of()", TRAINING_DEFAULTS))
                .version("2.3.1").build(pluginDir, "gamma-2.3.1.jar");

        PluginRegistry registry = PluginLoader.load(pluginDir, platformOnly());

        assertThat(registry.messages()).isEmpty();
        assertThat(registry.methods()).containsOnlyKeys("alpha", "gamma");
        assertThat(registry.loaded().get("alpha").origin()).endsWith("alpha.jar");
        assertThat(registry.loaded().get("alpha").pluginVersion()).isEqualTo("unknown");
        assertThat(registry.loaded().get("gamma").pluginId()).isEqualTo("gamma");
        assertThat(registry.loaded().get("gamma").pluginVersion()).isEqualTo("2.3.1");
    }

    @Test
    void pluginBuiltForANewerSpiVersionIsRefusedNamingJarAndVersions() throws Exception {
        plugin("future").apiVersion(MethodPlugin.class.getName(), """
                        package dev.bioprompt.api.method;
                        import com.google.inject.Module;
                        public interface MethodPlugin {
                            int SPI_VERSION = 3;
                            String id();
                            int spiVersion();
                            Module module();
                        }
                        """)
                .source("future.Plugin", pluginSource("future", SPI_MEMBER))
                .source("future.Method", methodSource("future", "List.of()", TRAINING_DEFAULTS))
                .version("9.0.0").build(pluginDir, "future-9.0.0.jar");

        PluginRegistry registry = PluginLoader.load(pluginDir, platformOnly());

        assertThat(registry.methods()).isEmpty();
        assertThat(registry.problems()).singleElement().asString()
                .contains("future-9.0.0.jar", "future.Plugin", "plugin version 9.0.0", "SPI version 3",
                        "provides SPI version " + MethodPlugin.SPI_VERSION, PluginLoader.HOST_VERSION);
    }

    @Test
    void pluginCallingAMethodOfANewerApiIsSkippedNotCrashing() throws Exception {
        plugin("newer").apiVersion("dev.bioprompt.api.method.MethodParameter", """
                        package dev.bioprompt.api.method;
                        public final class MethodParameter {
                            public static MethodParameter fraction(String key, double value, String description) {
                                return null;
                            }
                        }
                        """)
                .source("newer.Plugin", pluginSource("newer", SPI_MEMBER))
                .source("newer.Method", methodSource("newer",
                        "List.of(MethodParameter.fraction(\"alpha\", 0.5, \"residual weight\"))", TRAINING_DEFAULTS))
                .build(pluginDir, "newer.jar");

        PluginRegistry registry = PluginLoader.load(pluginDir, platformOnly());

        assertThat(registry.methods()).isEmpty();
        assertThat(registry.problems()).singleElement().asString()
                .contains("newer.jar", "newer.Plugin", "NoSuchMethodError", "does not link");
    }

    @Test
    void pluginsBuiltAgainstAnOlderApiAreSkippedNotCrashing() throws Exception {
        // SPI version 1: spiVersion() was a default method, so the plugin does not implement it
        plugin("legacy").apiVersion(MethodPlugin.class.getName(), """
                        package dev.bioprompt.api.method;
                        import com.google.inject.Module;
                        public interface MethodPlugin {
                            int SPI_VERSION = 1;
                            String id();
                            default int spiVersion() { return SPI_VERSION; }
                            Module module();
                        }
                        """)
                .source("legacy.Plugin", pluginSource("legacy", ""))
                .source("legacy.Method", methodSource("legacy", "List.of()", TRAINING_DEFAULTS))
                .build(pluginDir, "a-legacy.jar");
        // an api whose PromptMethod did not have trainingDefaults() yet
        plugin("older").apiVersion("dev.bioprompt.api.method.PromptMethod", """
                        package dev.bioprompt.api.method;
                        import java.util.List;
                        public interface PromptMethod {
                            String name();
                            String description();
                            List<MethodParameter> parameters();
                            PromptLearner create(MethodContext context);
                        }
                        """)
                .source("older.Plugin", pluginSource("older", SPI_MEMBER))
                .source("older.Method", methodSource("older", "List.of()", ""))
                .build(pluginDir, "b-older.jar");

        PluginRegistry registry = PluginLoader.load(pluginDir, platformOnly());

        assertThat(registry.methods()).isEmpty();
        assertThat(registry.problems()).hasSize(2);
        assertThat(registry.problems().get(0).toString()).contains("a-legacy.jar", "AbstractMethodError", "spiVersion");
        assertThat(registry.problems().get(1).toString())
                .contains("b-older.jar", "AbstractMethodError", "trainingDefaults");
    }

    @Test
    void throwingConstructorIsReportedWhileOthersLoad() throws Exception {
        jar("a-broken.jar", BrokenPlugin.class);
        jar("b-beta.jar", BetaPlugin.class);

        PluginRegistry registry = PluginLoader.load(pluginDir, platformOnly());

        assertThat(registry.methods()).containsOnlyKeys("beta");
        assertThat(registry.problems()).singleElement().asString()
                .contains("a-broken.jar", BrokenPlugin.class.getName(), "cannot find my model files");
    }

    @Test
    void duplicateMethodNamesRefuseEveryPluginBindingThemWhateverTheOrder() throws Exception {
        jar("a-alpha.jar", AlphaPlugin.class);
        jar("b-dup.jar", DuplicateAlphaPlugin.class);
        jar("c-beta.jar", BetaPlugin.class);
        plugin("gamma").source("gamma.Plugin", pluginSource("gamma", SPI_MEMBER))
                .source("gamma.Method", methodSource("gamma", "List.of()", TRAINING_DEFAULTS))
                .version("1.0.0-SNAPSHOT").build(pluginDir, "d-gamma-snapshot.jar");
        plugin("gamma").source("gamma.Plugin", pluginSource("gamma", SPI_MEMBER))
                .source("gamma.Method", methodSource("gamma", "List.of()", TRAINING_DEFAULTS))
                .version("1.0.0").build(pluginDir, "e-gamma.jar");

        PluginRegistry registry = PluginLoader.load(pluginDir, platformOnly());

        assertThat(registry.methods()).containsOnlyKeys("beta");
        assertThat(registry.problems()).hasSize(4);
        assertThat(registry.problems().get(0).toString()).contains("a-alpha.jar", "was refused", "method 'alpha'",
                "duplicate-alpha", "b-dup.jar");
        assertThat(registry.problems().get(1).toString()).contains("b-dup.jar", "was refused", "alpha-plugin",
                "a-alpha.jar");
        assertThat(registry.problems().get(2).toString()).contains("d-gamma-snapshot.jar",
                "'gamma' version 1.0.0-SNAPSHOT was refused", "plugin id 'gamma'", "version 1.0.0 ", "e-gamma.jar");
        assertThat(registry.problems().get(3).toString()).contains("e-gamma.jar", "'gamma' version 1.0.0 was refused",
                "d-gamma-snapshot.jar");
    }

    @Test
    void pluginCannotSeeBackboneOrTrackingClasses() throws Exception {
        String probe = """
                public String description() {
                    StringBuilder seen = new StringBuilder();
                    for (String name : new String[] {"dev.bioprompt.backbone.BiomedClipLoader",
                            "dev.bioprompt.tracking.TrackerFactory", "dev.bioprompt.api.method.PromptMethod",
                            "dev.bioprompt.methods.toolkit.FeatureMath", "ai.djl.ndarray.NDArray",
                            "ai.djl.pytorch.engine.PtEngine"}) {
                        try {
                            Class.forName(name, false, getClass().getClassLoader());
                            seen.append(name).append("=visible ");
                        } catch (ClassNotFoundException e) {
                            seen.append(name).append("=hidden ");
                        }
                    }
                    return seen.toString().trim();
                }
                """;
        plugin("probe").source("probe.Plugin", pluginSource("probe", SPI_MEMBER))
                .source("probe.Method", methodSource("probe", "List.of()", TRAINING_DEFAULTS + "\n" + probe)
                        .replace("public String description() { return \"probe method\"; }", ""))
                .build(pluginDir, "probe.jar");
        // a plugin compiled against the backbone (it was on its build's class path) fails to link, and is skipped
        plugin("sneaky").compileAgainst(ToyBackbone.class)
                .source("sneaky.Plugin", pluginSource("sneaky", SPI_MEMBER))
                .source("sneaky.Method", methodSource("sneaky", "List.of()", TRAINING_DEFAULTS
                        + "\npublic boolean needsDescriptions() { "
                        + "return dev.bioprompt.backbone.ToyBackbone.isEmbedded(); }"))
                .build(pluginDir, "sneaky.jar");

        // the real application class loader as the host: it sees backbone and tracking, the plugins must not
        PluginRegistry registry = PluginLoader.load(pluginDir, PluginLoaderTest.class.getClassLoader());

        assertThat(Class.forName("dev.bioprompt.backbone.BiomedClipLoader")).isNotNull();
        assertThat(registry.loaded().get("probe").method().description()).isEqualTo(
                "dev.bioprompt.backbone.BiomedClipLoader=hidden dev.bioprompt.tracking.TrackerFactory=hidden "
                        + "dev.bioprompt.api.method.PromptMethod=visible "
                        + "dev.bioprompt.methods.toolkit.FeatureMath=visible ai.djl.ndarray.NDArray=visible "
                        + "ai.djl.pytorch.engine.PtEngine=hidden");
        assertThat(registry.methods()).doesNotContainKey("sneaky");
        assertThat(registry.problems()).filteredOn(p -> p.origin().endsWith("sneaky.jar")).singleElement().asString()
                .contains("NoClassDefFoundError", "dev/bioprompt/backbone/ToyBackbone");
    }

    @Test
    void unknownMethodNamesTheAvailableOnes() throws Exception {
        jar("alpha.jar", AlphaPlugin.class);
        PluginRegistry registry = PluginLoader.load(pluginDir, platformOnly());

        assertThatThrownBy(() -> registry.method("gamma"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown method 'gamma'")
                .hasMessageContaining("alpha");
    }

    @Test
    void missingConfiguredFolderIsAWarningNamingIt() {
        Path absent = pluginDir.resolve("absent");
        PluginRegistry registry = PluginLoader.load(absent, platformOnly());

        assertThat(registry.problems()).isEmpty();
        assertThat(registry.messages()).singleElement().asString()
                .contains(absent.toString(), "plugins.dir", "does not exist");
    }

    @Test
    void missingDefaultFolderIsQuiet() {
        PluginRegistry registry = PluginLoader.fromFolder(new PluginFolder(pluginDir.resolve("absent"), false),
                platformOnly());
        assertThat(registry.messages()).isEmpty();
    }
}
