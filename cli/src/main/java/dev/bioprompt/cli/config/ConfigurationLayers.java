package dev.bioprompt.cli.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
        CompositeConfiguration composite = new CompositeConfiguration();
        composite.addConfiguration(new MapConfiguration(new LinkedHashMap<>(assignments)));
        composite.addConfiguration(new MapConfiguration(new LinkedHashMap<>(EnvironmentKeys.settings(environment))));
        if (experimentFile != null) {
            composite.addConfiguration(readYaml(experimentFile));
        }
        extraLayers.forEach(composite::addConfiguration);
        composite.addConfiguration(defaults());
        return new Settings(composite);
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
            throw new IllegalArgumentException("configuration file " + file + " does not exist", e);
        } catch (IOException | ConfigurationException | RuntimeException e) {
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
