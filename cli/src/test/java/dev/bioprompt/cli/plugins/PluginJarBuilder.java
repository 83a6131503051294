package dev.bioprompt.cli.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import com.google.inject.Module;
import dev.bioprompt.api.method.MethodPlugin;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds plugin jars inside a test the way an outside build does: Java sources compiled with {@code javac} against a
 * class path, then packed with a {@code META-INF/services} file and a manifest with an {@code Implementation-Version}.
 * An "api" of another version is made by compiling stand-in api classes first and putting them ahead of the real api
 * on the plugin's compile class path, so the plugin's class files record what that api would have given them.
 */
final class PluginJarBuilder {

    private final Path work;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, String> apiStandIns = new LinkedHashMap<>();
    private final List<Path> extraClassPath = new ArrayList<>();
    private final List<String> services = new ArrayList<>();
    private String version = "1.0.0";

    PluginJarBuilder(Path work) {
        this.work = work;
    }

    /** A plugin source file; {@code className} is the binary name. */
    PluginJarBuilder source(String className, String code) {
        sources.put(className, code);
        return this;
    }

    /** A stand-in for an api class (another api version) that the plugin is compiled against, never packed. */
    PluginJarBuilder apiVersion(String className, String code) {
        apiStandIns.put(className, code);
        return this;
    }

    /** A class that the plugin lists in META-INF/services as a MethodPlugin. */
    PluginJarBuilder service(String className) {
        services.add(className);
        return this;
    }

    /** The Implementation-Version of the jar manifest. */
    PluginJarBuilder version(String value) {
        version = value;
        return this;
    }

    /** Also compile against the folder or jar holding this class (for example a backbone class). */
    PluginJarBuilder compileAgainst(Class<?> type) {
        extraClassPath.add(locationOf(type));
        return this;
    }

    /** Compiles and packs the jar into a folder. */
    Path build(Path folder, String jarName) throws IOException {
        Path root = Files.createTempDirectory(work, "build-");
        List<Path> classPath = new ArrayList<>();
        if (!apiStandIns.isEmpty()) {
            Path api = root.resolve("api-classes");
            compile(apiStandIns, api, hostClassPath());
            classPath.add(api);
        }
        classPath.addAll(hostClassPath());
        classPath.addAll(extraClassPath);
        Path classes = root.resolve("classes");
        compile(sources, classes, classPath);

        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        Files.createDirectories(folder);
        Path jar = folder.resolve(jarName);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/" + MethodPlugin.class.getName()));
            out.write(String.join("\n", services).concat("\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private static void compile(Map<String, String> units, Path out, List<Path> classPath) throws IOException {
        Path src = out.resolveSibling(out.getFileName() + "-src");
        List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-d", out.toString(),
                "-cp", String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList())));
        for (Map.Entry<String, String> unit : units.entrySet()) {
            Path file = src.resolve(unit.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, unit.getValue());
            args.add(file.toString());
        }
        Files.createDirectories(out);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        assertThat(rc).as("javac: %s", diagnostics.toString(StandardCharsets.UTF_8)).isZero();
    }

    /** What a plugin compiles against: the api, Guice and DJL's api (the plugin parent POM's provided scope). */
    private static List<Path> hostClassPath() {
        return List.of(locationOf(MethodPlugin.class), locationOf(Module.class),
                locationOf(NDArray.class));
    }

    static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
