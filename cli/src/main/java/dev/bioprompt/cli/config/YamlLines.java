package dev.bioprompt.cli.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** The line of every key of a YAML file, by the flattened key Commons Configuration gives it. */
final class YamlLines {

    private YamlLines() {
    }

    /** Lines (1-based) by flattened key; empty when the file cannot be composed (the reader reports that). */
    static Map<String, Integer> of(Path file) {
        Map<String, Integer> lines = new HashMap<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            Node root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(reader);
            if (root instanceof MappingNode mapping) {
                walk("", mapping, lines);
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return lines;
    }

    private static void walk(String prefix, MappingNode mapping, Map<String, Integer> lines) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                continue;
            }
            String key = prefix + keyNode.getValue().replace(".", "..");
            lines.put(key, keyNode.getStartMark().getLine() + 1);
            if (tuple.getValueNode() instanceof MappingNode nested) {
                walk(key + ".", nested, lines);
            }
        }
    }
}
