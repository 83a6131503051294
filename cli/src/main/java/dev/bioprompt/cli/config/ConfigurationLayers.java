package dev.bioprompt.cli.config;

import dev.bioprompt.runners.config.InvalidSettingsException;
import dev.bioprompt.runners.config.SettingType;
import dev.bioprompt.runners.config.SettingsSchema;
import dev.bioprompt.runners.config.SweepKeys;
import dev.bioprompt.runners.config.TrackingKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.configuration2.CompositeConfiguration;
import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.MapConfiguration;
import org.apache.commons.configuration2.YAMLConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;

/**
 * Builds the layered configuration: {@code --set} values, then {@code BIOPROMPT_*} environment variables, then the
 * experiment file, then any further layers (method presets), then the built-in defaults ({@code defaults.yaml} on
 * the class path). The first layer that has a key wins.
 */
public final class ConfigurationLayers {

    private ConfigurationLayers() {
    }

    /**
     * Parses {@code key=value} strings from {@code --set}.
     *
     * @throws IllegalArgumentException naming the malformed entry
     */
    public static Map<String, String> parseAssignments(List<String> assignments) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set expects key=value, was '" + a + "'");
            }
            String key = a.substring(0, eq).trim();
            if (!key.matches("[a-z0-9]+([.-][a-z0-9]+)*")) {
                throw new IllegalArgumentException("--set key '" + key
                        + "' must be lower-case, dot-separated kebab-case words (for example method.coop.n-ctx)");
            }
            out.put(key, a.substring(eq + 1));
        }
        return out;
    }

    /**
     * Builds the configuration.
     *
     * @param assignments {@code --set} values
     * @param environment the process environment
     * @param experimentFile the YAML file of {@code --config}, or null
     * @param extraLayers layers below the experiment file and above the defaults (first wins)
     * @throws IllegalArgumentException naming the file when it is missing or not valid YAML
     */
    public static Settings build(Map<String, String> assignments, Map<String, String> environment, Path experimentFile,
                                 List<Configuration> extraLayers) {
        List<ConfigLayer> layers = new ArrayList<>();
        layers.add(new ConfigLayer("--set", new MapConfiguration(new LinkedHashMap<>(assignments)),
                key -> "--set " + key, true));
        Map<String, String> variables = EnvironmentKeys.variables(environment);
        layers.add(new ConfigLayer("environment",
                new MapConfiguration(new LinkedHashMap<>(EnvironmentKeys.settings(environment))),
                key -> "environment variable " + variables.getOrDefault(key, key), true));
        if (experimentFile != null) {
            Configuration yaml = readYaml(experimentFile);
            Map<String, Integer> lines = new LinkedHashMap<>(YamlLines.of(experimentFile));
            unescapeDottedKeys(yaml, lines);
            aliasExperiment(yaml, lines, experimentFile);
            String file = experimentFile.toString();
            layers.add(new ConfigLayer(file, yaml,
                    key -> file + (lines.containsKey(key) ? " line " + lines.get(key) : ""), true));
        }
        for (Configuration extra : extraLayers) {
            layers.add(new ConfigLayer("preset", extra, key -> "method preset", false));
        }
        layers.add(new ConfigLayer("defaults", defaults(), key -> "defaults.yaml", false));
        CompositeConfiguration composite = new CompositeConfiguration();
        layers.forEach(l -> composite.addConfiguration(l.config()));
        return new Settings(composite, layers);
    }

    /**
     * A YAML key written with dots ({@code train.epochs: 1} at the top level) reaches Commons Configuration escaped
     * ({@code train..epochs}); it means the dotted key unless it is an entry name below a map key (a node label such as
     * {@code nvidia.com/gpu} under {@code kubernetes.node-selector}).
     */
    private static void unescapeDottedKeys(Configuration yaml, Map<String, Integer> lines) {
        List<String> keys = new ArrayList<>();
        yaml.getKeys().forEachRemaining(keys::add);
        for (String key : keys) {
            if (!key.contains("..")) {
                continue;
            }
            String dotted = key.replace("..", ".");
            boolean mapEntry = SettingsSchema.platform().all().stream()
                    .anyMatch(s -> s.type() == SettingType.MAP && dotted.startsWith(s.key() + "."));
            if (mapEntry) {
                continue;
            }
            Object value = yaml.getProperty(key);
            yaml.clearProperty(key);
            yaml.setProperty(dotted, value);
            Integer line = lines.remove(key);
            if (line != null) {
                lines.put(dotted, line);
            }
        }
    }

    /** The top-level {@code experiment} of an experiment file is {@code tracking.experiment}. */
    private static void aliasExperiment(Configuration yaml, Map<String, Integer> lines, Path file) {
        if (!yaml.containsKey(SweepKeys.EXPERIMENT_ALIAS)) {
            return;
        }
        String key = TrackingKeys.EXPERIMENT.key();
        if (yaml.containsKey(key)) {
            throw new InvalidSettingsException(List.of("configuration file " + file + " sets both 'experiment' (line "
                    + lines.get(SweepKeys.EXPERIMENT_ALIAS) + ") and '" + key + "' (line " + lines.get(key)
                    + "); they are the same key"));
        }
        yaml.setProperty(key, yaml.getProperty(SweepKeys.EXPERIMENT_ALIAS));
        yaml.clearProperty(SweepKeys.EXPERIMENT_ALIAS);
        Integer line = lines.remove(SweepKeys.EXPERIMENT_ALIAS);
        if (line != null) {
            lines.put(key, line);
        }
    }

    /**
     * Reads a YAML file as a configuration layer; nested maps become dotted keys.
     *
     * @throws IllegalArgumentException naming the file and the problem
     */
    public static Configuration readYaml(Path file) {
        YAMLConfiguration yaml = new YAMLConfiguration();
        try (Reader reader = Files.newBufferedReader(file)) {
            yaml.read(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigurationFileException("configuration file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new ConfigurationFileException("configuration file " + file + " is unreadable: " + rootMessage(e), e);
        } catch (ConfigurationException | RuntimeException e) {
            throw new IllegalArgumentException("configuration file " + file + " is not valid YAML: " + rootMessage(e), e);
        }
        return yaml;
    }

    private static Configuration defaults() {
        YAMLConfiguration yaml = new YAMLConfiguration();
        try (InputStream in = ConfigurationLayers.class.getResourceAsStream("/defaults.yaml")) {
            if (in != null) {
                yaml.read(in);
            }
        } catch (IOException | ConfigurationException e) {
            throw new IllegalStateException("built-in defaults.yaml is unreadable", e);
        }
        return yaml;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
