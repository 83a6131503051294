package dev.bioprompt.api.promptset;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * The {@code manifest.json} of a prompt set: everything needed to rebuild the classifier and to audit where it came
 * from.
 *
 * @param formatVersion manifest format version ({@link #FORMAT_VERSION})
 * @param method the method name that trained the prompts
 * @param parameters the resolved method parameters
 * @param backboneFingerprint {@code VisionLanguageModel.fingerprint()} of the backbone the prompts belong to
 * @param dataset the training dataset
 * @param classNames the training class names, in label order
 * @param templates hand-written templates the method used (may be empty)
 * @param metrics final evaluation metrics
 * @param sourceRun the tracking run id that produced the prompt set (empty when unknown)
 * @param createdAt ISO-8601 creation instant
 * @param files SHA-256 (hex) of every payload file by file name
 * @param plugin the id of the plugin that provided the method (empty when unknown, as in older prompt sets)
 * @param pluginVersion that plugin's version (empty when unknown)
 */
public record PromptSetManifest(int formatVersion, String method, Map<String, String> parameters,
                                String backboneFingerprint, String dataset, List<String> classNames,
                                List<String> templates, Map<String, Double> metrics, String sourceRun,
                                String createdAt, Map<String, String> files, String plugin, String pluginVersion) {

    /** The manifest format this version writes. */
    public static final int FORMAT_VERSION = 1;

    public PromptSetManifest {
        requireNonNull(method, "method is null");
        parameters = Map.copyOf(requireNonNull(parameters, "parameters is null"));
        requireNonNull(backboneFingerprint, "backboneFingerprint is null");
        requireNonNull(dataset, "dataset is null");
        classNames = List.copyOf(requireNonNull(classNames, "classNames is null"));
        templates = List.copyOf(requireNonNull(templates, "templates is null"));
        metrics = Map.copyOf(requireNonNull(metrics, "metrics is null"));
        requireNonNull(sourceRun, "sourceRun is null");
        requireNonNull(createdAt, "createdAt is null");
        files = Map.copyOf(requireNonNull(files, "files is null"));
        plugin = plugin == null ? "" : plugin;
        pluginVersion = pluginVersion == null ? "" : pluginVersion;
    }

    /** A manifest that does not name its plugin (yet): see {@link #withPlugin}. */
    public PromptSetManifest(int formatVersion, String method, Map<String, String> parameters,
                             String backboneFingerprint, String dataset, List<String> classNames,
                             List<String> templates, Map<String, Double> metrics, String sourceRun,
                             String createdAt, Map<String, String> files) {
        this(formatVersion, method, parameters, backboneFingerprint, dataset, classNames, templates, metrics,
                sourceRun, createdAt, files, "", "");
    }

    /** A copy that names the plugin (id and version) that provided the method. */
    public PromptSetManifest withPlugin(String newPlugin, String newPluginVersion) {
        return new PromptSetManifest(formatVersion, method, parameters, backboneFingerprint, dataset, classNames,
                templates, metrics, sourceRun, createdAt, files, requireNonNull(newPlugin, "newPlugin is null"),
                requireNonNull(newPluginVersion, "newPluginVersion is null"));
    }

    /** The plugin as {@code id version} for messages, or {@code unknown plugin} for an older prompt set. */
    public String pluginLabel() {
        return plugin.isEmpty() ? "unknown plugin" : "plugin '" + plugin + "'"
                + (pluginVersion.isEmpty() ? "" : " version " + pluginVersion);
    }

    /** A copy with other file checksums. */
    public PromptSetManifest withFiles(Map<String, String> newFiles) {
        return new PromptSetManifest(formatVersion, method, parameters, backboneFingerprint, dataset, classNames,
                templates, metrics, sourceRun, createdAt, newFiles, plugin, pluginVersion);
    }

    /** A copy with other metrics and source run. */
    public PromptSetManifest withResults(Map<String, Double> newMetrics, String newSourceRun) {
        return new PromptSetManifest(formatVersion, method, parameters, backboneFingerprint, dataset, classNames,
                templates, newMetrics, newSourceRun, createdAt, files, plugin, pluginVersion);
    }
}
