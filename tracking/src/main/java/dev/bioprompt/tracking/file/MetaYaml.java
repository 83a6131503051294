package dev.bioprompt.tracking.file;

import dev.bioprompt.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** {@code meta.yaml} as MLflow's file store writes it: block style, keys sorted, strings quoted only when needed. */
final class MetaYaml {
    private MetaYaml() {
    }

    static String render(Map<String, Object> fields) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(100_000);
        options.setSplitLines(false);
        options.setAllowUnicode(true);
        String yaml = new Yaml(options).dump(new TreeMap<>(fields));
        // PyYAML writes an empty list in flow style, as SnakeYAML does; nothing else to adjust
        return yaml;
    }

    static void write(Path file, Map<String, Object> fields) {
        try {
            AtomicFiles.writeString(file, render(fields));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    static Map<String, Object> read(Path file) {
        try {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions()))
                    .load(Files.readString(file, StandardCharsets.UTF_8));
            if (!(loaded instanceof Map<?, ?> map)) {
                throw new IllegalStateException("Malformed " + file + ": expected a YAML mapping");
            }
            Map<String, Object> result = new TreeMap<>();
            map.forEach((k, v) -> result.put(String.valueOf(k), v));
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
