package dev.bioprompt.cli.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.method.MethodPlugin;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URISyntaxException;
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

    @Test
    void loadsMethodsFromPluginJars() throws Exception {
        jar("alpha.jar", AlphaPlugin.class);
        jar("beta.jar", BetaPlugin.class);

        PluginRegistry registry = PluginLoader.load(pluginDir, platformOnly());

        assertThat(registry.methods()).containsOnlyKeys("alpha", "beta");
        assertThat(registry.loaded().get("alpha").origin()).endsWith("alpha.jar");
        assertThat(registry.loaded().get("beta").pluginId()).isEqualTo("beta-plugin");
        assertThat(registry.problems()).isEmpty();
    }

    @Test
    void duplicateNameAndThrowingPluginAreReportedWhileOthersLoad() throws Exception {
        jar("a-alpha.jar", AlphaPlugin.class);
        jar("b-dup.jar", DuplicateAlphaPlugin.class);
        jar("c-broken.jar", BrokenPlugin.class);
        jar("d-beta.jar", BetaPlugin.class);

        PluginRegistry registry = PluginLoader.load(pluginDir, platformOnly());

        assertThat(registry.methods()).containsOnlyKeys("alpha", "beta");
        assertThat(registry.loaded().get("alpha").pluginId()).isEqualTo("alpha-plugin");
        assertThat(registry.problems()).hasSize(2);
        assertThat(registry.problems().get(0).toString())
                .contains("b-dup.jar", DuplicateAlphaPlugin.class.getName(), "'alpha'", "alpha-plugin", "a-alpha.jar");
        assertThat(registry.problems().get(1).toString())
                .contains("c-broken.jar", BrokenPlugin.class.getName(), "cannot find my model files");
    }

    @Test
    void unknownMethodNamesTheAvailableOnes() throws Exception {
        jar("alpha.jar", AlphaPlugin.class);
        PluginRegistry registry = PluginLoader.load(pluginDir, platformOnly());

        assertThatThrownBy(() -> registry.method("gamma"))
                .isInstanceOf(dev.bioprompt.cli.UsageException.class)
                .hasMessageContaining("unknown method 'gamma'")
                .hasMessageContaining("alpha");
    }

    @Test
    void missingPluginFolderIsNotAnError() {
        PluginRegistry registry = PluginLoader.load(pluginDir.resolve("absent"), platformOnly());
        assertThat(registry.problems()).isEmpty();
    }
}
