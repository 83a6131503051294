package dev.bioprompt.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.ci.GatePolicy;
import dev.bioprompt.cli.Bioprompt;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.config.ConfigurationLayers;
import dev.bioprompt.cli.plugins.PluginLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;

/**
 * The pipeline examples in ci/examples run as shipped: every {@code bioprompt} command line the GitHub Actions and
 * GitLab CI files run, directly or through a stage of {@code promote-pipeline.sh}, parses with the real command line
 * (parse only), and every repository path they name exists (or is a build output of the cli module).
 */
class CiExamplesTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path EXAMPLES = ROOT.resolve("ci/examples");
    static final Path SCRIPT = EXAMPLES.resolve("promote-pipeline.sh");
    private static final Set<String> BUILD_OUTPUTS = Set.of("cli/target/bioprompt.jar", "cli/target/lib",
            "cli/target/lib/");
    private static final Pattern SCRIPT_CALL = Pattern.compile("ci/examples/promote-pipeline\\.sh((?:\\s+[a-z]+)+)");
    private static final Pattern JAR_CALL = Pattern.compile("cli/target/bioprompt\\.jar\\s+(.*)$");
    private static final Pattern REPO_PATH = Pattern.compile("(?<![\\w/.$-])((?:ci|cli|experiments)/[\\w./-]+)");

    @TempDir
    Path tmp;

    @Test
    void everyBiopromptCommandLineOfTheCiFilesParses() throws Exception {
        for (String file : List.of("github-actions.yml", "gitlab-ci.yml")) {
            Map<?, ?> root = (Map<?, ?>) new Yaml(new SafeConstructor(new LoaderOptions()))
                    .load(Files.readString(EXAMPLES.resolve(file)));
            List<List<String>> commands = commandLines(root);
            assertThat(commands).as(file).hasSizeGreaterThanOrEqualTo(6);
            Set<String> verbs = new TreeSet<>();
            for (List<String> args : commands) {
                parse(args, file);
                verbs.add(args.stream().filter(a -> !a.startsWith("-")).findFirst().orElse(""));
            }
            assertThat(verbs).as(file).contains("train", "gate", "promote", "predict", "registry");
        }
    }

    @Test
    void everyPathTheCiFilesNameExistsAndThePolicyParses() throws Exception {
        for (String file : List.of("github-actions.yml", "gitlab-ci.yml")) {
            String text = Files.readString(EXAMPLES.resolve(file));
            assertThat(text).as(file).doesNotContain("--sweep-id-file", "cli/target/bioprompt ", "./mvnw");
            Matcher m = REPO_PATH.matcher(text);
            int paths = 0;
            while (m.find()) {
                String path = m.group(1).replaceAll("[.]$", "");
                if (path.startsWith("experiments/")) {
                    continue; // the user's experiment files
                }
                paths++;
                assertThat(BUILD_OUTPUTS.contains(path) || Files.exists(ROOT.resolve(path)))
                        .as(file + " names " + path).isTrue();
            }
            assertThat(paths).as(file).isGreaterThanOrEqualTo(3);
            Map<String, String> env = environment((Map<?, ?>) new Yaml(new SafeConstructor(new LoaderOptions()))
                    .load(text));
            assertThat(GatePolicy.load(ROOT.resolve(env.get("POLICY"))).requiredSettings())
                    .containsEntry("protocol", "base-to-novel");
        }
        assertThat(Files.isExecutable(SCRIPT)).isTrue();
    }

    /** A renamed option or a wrong stage would be caught: the same parsing refuses them. */
    @Test
    void theParsingRefusesWhatDoesNotExist() throws Exception {
        assertThatThrownBy(() -> parse(List.of("train", "-c", "e.yaml", "--sweep-id-fil", "x"), "inline"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--sweep-id-fil");
        assertThatThrownBy(() -> parse(List.of("gate", "--candidate", "s", "--policy", "p"), "inline"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--name");
        assertThatThrownBy(() -> scriptCommands(List.of("deploy"), Map.of()))
                .hasMessageContaining("no stage 'deploy'");
    }

    private void parse(List<String> args, String where) {
        CliContext context = new CliContext(ConfigurationLayers.build(Map.of(), Map.of(), null, List.of()),
                PluginLoader.load(tmp.resolve("no-plugins"), getClass().getClassLoader()), Map.of(),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        CommandLine commandLine = Bioprompt.commandLine(context);
        try {
            commandLine.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new CommandLine.ParameterException(e.getCommandLine(), where + ": bioprompt " + args + ": "
                    + e.getMessage(), e);
        }
    }

    /** The bioprompt argument lists a CI file runs: direct jar calls, and the stages of the script it calls. */
    static List<List<String>> commandLines(Map<?, ?> root) throws Exception {
        Map<String, String> env = environment(root);
        List<List<String>> out = new ArrayList<>();
        for (String text : strings(root)) {
            for (String line : text.split("\n")) {
                Matcher script = SCRIPT_CALL.matcher(line);
                if (script.find()) {
                    out.addAll(scriptCommands(List.of(script.group(1).trim().split("\\s+")), env));
                }
                Matcher jar = JAR_CALL.matcher(line);
                if (jar.find()) {
                    out.add(words(substitute(jar.group(1), env)));
                }
            }
        }
        return out;
    }

    /** The bioprompt command lines the script runs for some stages, with its defaults and the CI variables. */
    static List<List<String>> scriptCommands(List<String> stages, Map<String, String> ciEnv) throws Exception {
        String script = Files.readString(SCRIPT).replace("\\\n", " ");
        Map<String, String> env = new LinkedHashMap<>();
        Matcher defaults = Pattern.compile("(?m)^(\\w+)=\"\\$\\{\\1:-([^}]*)}\"$").matcher(script);
        while (defaults.find()) {
            env.put(defaults.group(1), defaults.group(2).replace("$ROOT/", ""));
        }
        env.putAll(ciEnv);
        env.put("images[@]", "scan.png");
        List<List<String>> out = new ArrayList<>();
        for (String stage : stages) {
            List<String> expanded = stage.equals("all") ? List.of("build", "train", "gate", "promote", "predict")
                    : List.of(stage);
            for (String s : expanded) {
                Matcher block = Pattern.compile("(?ms)^    " + s + "\\)\\n(.*?);;").matcher(script);
                if (!block.find()) {
                    throw new AssertionError(SCRIPT + " has no stage '" + s + "'");
                }
                for (String line : block.group(1).split("\n")) {
                    String trimmed = line.trim();
                    if (trimmed.startsWith("bioprompt ")) {
                        out.add(words(substitute(trimmed.substring("bioprompt ".length()), env)));
                    }
                }
            }
        }
        return out;
    }

    private static String substitute(String text, Map<String, String> env) {
        String out = text.replaceAll("\"\\$\\(sweep_id\\)\"", "btmri-0123456789ab");
        Matcher fallback = Pattern.compile("\\$\\{(\\w+):-([^}]*)}").matcher(out);
        StringBuilder withDefaults = new StringBuilder();
        while (fallback.find()) {
            fallback.appendReplacement(withDefaults, Matcher.quoteReplacement(env.getOrDefault(fallback.group(1),
                    fallback.group(2))));
        }
        fallback.appendTail(withDefaults);
        out = withDefaults.toString();
        Matcher m = Pattern.compile("\\$\\{([\\w\\[\\]@]+)}|\\$(\\w+)").matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(sb, Matcher.quoteReplacement(env.getOrDefault(name, "value-of-" + name)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Shell words: whitespace separates, double quotes group. */
    private static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line);
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : m.group(2).replace("\"", ""));
        }
        return out;
    }

    private static Map<String, String> environment(Map<?, ?> root) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String key : List.of("env", "variables")) {
            if (root.get(key) instanceof Map<?, ?> vars) {
                vars.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
            }
        }
        env.replaceAll((k, v) -> v.contains("${{") ? "value-of-" + k : v);
        if (env.get("EXPERIMENT") != null && env.get("EXPERIMENT").startsWith("value-of-")) {
            env.put("EXPERIMENT", "experiments/btmri.yaml");
        }
        return env;
    }

    private static List<String> strings(Object node) {
        List<String> out = new ArrayList<>();
        if (node instanceof String s) {
            out.add(s);
        } else if (node instanceof Map<?, ?> map) {
            map.values().forEach(v -> out.addAll(strings(v)));
        } else if (node instanceof Collection<?> list) {
            list.forEach(v -> out.addAll(strings(v)));
        }
        return out;
    }
}
