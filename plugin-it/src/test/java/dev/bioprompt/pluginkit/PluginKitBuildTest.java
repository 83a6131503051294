package dev.bioprompt.pluginkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bioprompt.api.promptset.PromptSetManifest;
import dev.bioprompt.cli.Bioprompt;
import dev.bioprompt.cli.plugins.PluginLoader;
import dev.bioprompt.io.FileTrees;
import dev.bioprompt.registry.LocalPromptSetRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The plugin kit as an outside team uses it, following the README's "Adding a method": the kit's artifacts are
 * installed into a private local repository (third-party artifacts come from the user's repository, never written
 * with ours), {@code mvn archetype:generate} makes a plugin project whose {@code mvn verify} passes the contract kit,
 * {@code examples/method-plugin-taskres} builds the same way, and the command line loads both jars from a plugin
 * folder: {@code methods}, a short toy training that records accuracy, {@code promote} and {@code predict}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PluginKitBuildTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final String VERSION = PluginLoader.HOST_VERSION;
    private static final Path WORK = ROOT.resolve("plugin-it/target/plugin-it");
    private static final Path REPO = ROOT.resolve("plugin-it/target/it-repo");
    private static final Path PLUGINS = WORK.resolve("plugins");

    /** module folder, artifact id, whether it has a jar: what an outside plugin build resolves from us. */
    private static final List<String[]> STAGED = List.of(
            new String[] {".", "bioprompt-parent", "pom"},
            new String[] {"api", "bioprompt-api", "jar"},
            new String[] {"io", "bioprompt-io", "jar"},
            new String[] {"backbone", "bioprompt-backbone", "jar"},
            new String[] {"testkit", "bioprompt-testkit", "jar"},
            new String[] {"methods", "bioprompt-methods", "pom"},
            new String[] {"methods/toolkit", "bioprompt-method-toolkit", "jar"},
            new String[] {"plugin-parent", "bioprompt-plugin-parent", "pom"},
            new String[] {"plugin-archetype", "bioprompt-plugin-archetype", "jar"});

    private StringWriter out;
    private StringWriter err;

    @BeforeAll
    static void installTheKitIntoAPrivateRepository() throws IOException {
        for (String[] module : STAGED) {
            assumeTrue(module[2].equals("pom") || Files.isRegularFile(jarOf(module)),
                    "run with mvn verify (or package): " + jarOf(module) + " is not built yet");
        }
        FileTrees.delete(WORK);
        FileTrees.delete(REPO);
        Files.createDirectories(PLUGINS);
        for (String[] module : STAGED) {
            Path target = REPO.resolve("dev/bioprompt").resolve(module[1]).resolve(VERSION);
            Files.createDirectories(target);
            Files.copy(ROOT.resolve(module[0]).resolve("pom.xml"), target.resolve(module[1] + "-" + VERSION + ".pom"));
            if (module[2].equals("jar")) {
                Files.copy(jarOf(module), target.resolve(module[1] + "-" + VERSION + ".jar"));
            }
        }
        // third-party artifacts: the user's repository, seen through links (never a copy, never our artifacts there)
        Path user = Path.of(System.getProperty("plugin-it.user-repository",
                System.getProperty("user.home") + "/.m2/repository"));
        if (Files.isDirectory(user)) {
            try (Stream<Path> groups = Files.list(user)) {
                for (Path group : groups.toList()) {
                    if (group.getFileName().toString().equals("dev")) {
                        try (Stream<Path> children = Files.list(group)) {
                            for (Path child : children.toList()) {
                                if (!child.getFileName().toString().equals("bioprompt")) {
                                    Files.createSymbolicLink(REPO.resolve("dev").resolve(child.getFileName()), child);
                                }
                            }
                        }
                    } else {
                        Files.createSymbolicLink(REPO.resolve(group.getFileName()), group);
                    }
                }
            }
        }
    }

    private static Path jarOf(String[] module) {
        return ROOT.resolve(module[0]).resolve("target").resolve(module[1] + "-" + VERSION + ".jar");
    }

    /** Runs Maven in {@code dir} against the private repository; returns its output, failing on a non-zero exit. */
    private static String maven(Path dir, String... args) throws IOException, InterruptedException {
        String home = System.getProperty("maven.home", "");
        List<String> command = new ArrayList<>();
        command.add(!home.isEmpty() && Files.isRegularFile(Path.of(home, "bin", "mvn"))
                ? Path.of(home, "bin", "mvn").toString() : "mvn");
        command.addAll(List.of("-B", "-ntp", "-Dmaven.repo.local=" + REPO));
        if (System.getProperty("plugin-it.offline", "").endsWith("true")) {
            command.add("-o");
        }
        String djlCache = System.getProperty("plugin-it.djl-cache", "");
        if (!djlCache.isEmpty()) {
            command.add("-Ddjl.cache.dir=" + djlCache);
        }
        command.addAll(List.of(args));
        Path log = Files.createTempFile(WORK, "maven-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("MAVEN_OPTS", "-Xmx512m");
        if (!djlCache.isEmpty()) {
            builder.environment().put("DJL_CACHE_DIR", djlCache);
        }
        Process process = builder.start();
        boolean done = process.waitFor(8, TimeUnit.MINUTES);
        if (!done) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(done && process.exitValue() == 0).as("mvn %s in %s failed:%n%s", String.join(" ", args), dir,
                output.length() > 12000 ? output.substring(output.length() - 12000) : output).isTrue();
        return output;
    }

    private int bioprompt(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--set", "plugins.dir=" + PLUGINS,
                "--set", "cache.dir=" + WORK.resolve("cache"), "--set", "tracking.uri=" + WORK.resolve("mlruns"),
                "--set", "registry.uri=" + WORK.resolve("registry"), "--set", "runs.dir=" + WORK.resolve("runs")));
        all.addAll(List.of(args));
        return Bioprompt.run(all.toArray(String[]::new), Map.of(), new PrintWriter(out, true),
                new PrintWriter(err, true));
    }

    @Test
    @Order(1)
    void thePluginParentAndTheArchetypeNameThisRelease() throws IOException {
        assertThat(Files.readString(ROOT.resolve("plugin-parent/pom.xml")))
                .contains("<bioprompt.version>" + VERSION + "</bioprompt.version>");
        assertThat(Files.readString(ROOT.resolve("plugin-archetype/src/main/resources/archetype-resources/pom.xml")))
                .contains("<artifactId>bioprompt-plugin-parent</artifactId>\n    <version>" + VERSION + "</version>");
        assertThat(Files.readString(ROOT.resolve("examples/method-plugin-taskres/pom.xml")))
                .contains("<artifactId>bioprompt-plugin-parent</artifactId>\n    <version>" + VERSION + "</version>");
    }

    @Test
    @Order(2)
    void theArchetypeMakesAProjectThatPassesTheContractKit() throws Exception {
        maven(WORK, "org.apache.maven.plugins:maven-archetype-plugin:3.4.0:generate", "-DarchetypeCatalog=internal",
                "-DarchetypeGroupId=dev.bioprompt", "-DarchetypeArtifactId=bioprompt-plugin-archetype",
                "-DarchetypeVersion=" + VERSION, "-DgroupId=org.example", "-DartifactId=my-plugin",
                "-Dversion=1.0.0", "-Dpackage=org.example.myplugin", "-DmethodName=my-method", "-DclassPrefix=My");
        Path project = WORK.resolve("my-plugin");
        assertThat(project.resolve("src/main/java/org/example/myplugin/MyPlugin.java")).isRegularFile();

        String build = maven(project, "verify");

        assertThat(build).containsPattern("Tests run: [1-9][0-9]*, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: "
                + "[^\\n]* in org\\.example\\.myplugin\\.MyContractTest").contains("BUILD SUCCESS");
        Files.copy(project.resolve("target/my-plugin-1.0.0.jar"), PLUGINS.resolve("my-plugin-1.0.0.jar"));
    }

    @Test
    @Order(3)
    void theExamplePluginBuildsAsAnOutsideProject() throws Exception {
        Path project = WORK.resolve("method-plugin-taskres");
        copyTree(ROOT.resolve("examples/method-plugin-taskres"), project);

        String build = maven(project, "verify");

        assertThat(build).containsPattern("Tests run: [1-9][0-9]*, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: "
                + "[^\\n]* in dev\\.bioprompt\\.examples\\.taskres\\.TaskResContractTest").contains("BUILD SUCCESS");
        Files.copy(project.resolve("target/method-plugin-taskres-1.0.0.jar"),
                PLUGINS.resolve("method-plugin-taskres-1.0.0.jar"));
    }

    @Test
    @Order(4)
    void bothPluginsLoadFromThePluginFolder() {
        assumeTrue(Files.isRegularFile(PLUGINS.resolve("method-plugin-taskres-1.0.0.jar")));

        assertThat(bioprompt("methods", "taskres")).as(err.toString()).isZero();
        assertThat(err.toString()).doesNotContain("warning");
        assertThat(out.toString()).contains("taskres  (plugin taskres 1.0.0, " + PLUGINS.resolve(
                "method-plugin-taskres-1.0.0.jar"), "method.taskres.alpha", "0.5");

        assertThat(bioprompt("methods", "my-method")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("my-method  (plugin my-method 1.0.0, ");
    }

    @Test
    @Order(5)
    void theExamplePluginTrainsIsPromotedAndPredicts() throws Exception {
        assumeTrue(Files.isRegularFile(PLUGINS.resolve("method-plugin-taskres-1.0.0.jar")));

        assertThat(bioprompt("train", "-m", "taskres", "-d", "TOY_US", "-k", "4", "--seed", "1", "--epochs", "3",
                "--set", "train.batch-size=4", "--set", "train.learning-rate=0.01")).as(err.toString()).isZero();
        Matcher sweep = Pattern.compile("Sweep (\\S+):").matcher(out.toString());
        assertThat(sweep.find()).as(out.toString()).isTrue();
        JsonNode cell = results().get("runs").get(0);
        assertThat(cell.get("status").asText()).isEqualTo("FINISHED");
        assertThat(cell.get("metrics").get("accuracy").asDouble()).isBetween(0.0, 100.0);
        String runId = cell.get("tracking_run_id").asText();

        assertThat(bioprompt("promote", "--run", runId, "--name", "taskres-toy", "--alias", "production"))
                .as(err.toString()).isZero();
        PromptSetManifest manifest = new LocalPromptSetRegistry(WORK.resolve("registry")).load("taskres-toy", 1)
                .manifest();
        assertThat(manifest.method()).isEqualTo("taskres");
        assertThat(manifest.plugin()).isEqualTo("taskres");
        assertThat(manifest.pluginVersion()).isEqualTo("1.0.0");

        Path image = someToyImage();
        assertThat(bioprompt("predict", "--prompt-set", "taskres-toy@production", image.toString()))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains(image.getFileName().toString());

        // without the plugin jar, the prompt set names the plugin it needs
        Path empty = Files.createDirectories(WORK.resolve("no-plugins"));
        List<String> args = List.of("--set", "plugins.dir=" + empty, "predict", "--prompt-set",
                "taskres-toy@production", image.toString());
        assertThat(bioprompt(args.toArray(String[]::new))).isEqualTo(1);
        assertThat(err.toString()).contains("needs method 'taskres' of plugin 'taskres' version 1.0.0");
    }

    private static JsonNode results() throws IOException {
        try (Stream<Path> files = Files.walk(WORK.resolve("runs"))) {
            Path results = files.filter(p -> p.getFileName().toString().equals("results.json")).findFirst()
                    .orElseThrow(() -> new AssertionError("no results.json under " + WORK.resolve("runs")));
            return new ObjectMapper().readTree(results.toFile());
        }
    }

    private static Path someToyImage() throws IOException {
        try (Stream<Path> files = Files.walk(WORK.resolve("cache"))) {
            return files.filter(p -> p.toString().contains("TOY_US") && p.toString().endsWith(".png")).sorted()
                    .findFirst().orElseThrow(() -> new AssertionError("no TOY_US image under the cache"));
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path relative = from.relativize(file);
                if (relative.toString().startsWith("target")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
