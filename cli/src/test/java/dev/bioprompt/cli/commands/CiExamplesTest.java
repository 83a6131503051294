package dev.bioprompt.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bioprompt.cli.GlobalOptions;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine.Option;

/** The pipeline examples in ci/examples call {@code bioprompt gate} and {@code promote} with options that exist. */
class CiExamplesTest {

    private static final Path EXAMPLES = Path.of("..", "ci", "examples");
    private static final Pattern FLAG = Pattern.compile("(?<=\\s)--[a-z][a-z-]*");

    @Test
    void everyGateAndPromoteOptionInTheExamplesExists() throws Exception {
        Map<String, Set<String>> known = Map.of("gate", options(GateCommand.class), "promote",
                options(PromoteCommand.class));
        List<Path> files;
        try (Stream<Path> list = Files.list(EXAMPLES)) {
            files = list.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        int commands = 0;
        for (Path file : files) {
            Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            for (String text : strings(root)) {
                for (String command : known.keySet()) {
                    int at = text.indexOf("bioprompt " + command + " ");
                    if (at < 0) {
                        continue;
                    }
                    commands++;
                    Matcher m = FLAG.matcher(text.substring(at));
                    while (m.find()) {
                        assertThat(known.get(command)).as(file + ": bioprompt " + command).contains(m.group());
                    }
                }
            }
        }
        assertThat(commands).isGreaterThanOrEqualTo(4);
    }

    private static Set<String> options(Class<?> type) {
        Set<String> names = new HashSet<>(List.of("--help", "--version"));
        for (Class<?> c : List.of(type, GlobalOptions.class)) {
            for (Field f : c.getDeclaredFields()) {
                Option option = f.getAnnotation(Option.class);
                if (option != null) {
                    names.addAll(List.of(option.names()));
                }
            }
        }
        return names;
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
