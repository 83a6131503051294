package dev.bioprompt.api.method;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A prompt-tuning method: the SPI a plugin implements.
 *
 * <p>A method describes its parameters (with the reference implementation's defaults and per-dataset presets) and
 * builds a {@link PromptLearner} per run. It never writes a training loop: the engine owns epochs, batching, the
 * optimiser and the learning-rate schedule, configured from {@link #trainingDefaults()}.
 *
 * <p>Implementations must be stateless and thread-safe; one instance serves every run.
 */
public interface PromptMethod {

    /** The unique name, lower-case kebab-case ({@code coop}, {@code biomed-dpt}); the configuration key segment. */
    String name();

    /** One line for {@code bioprompt methods}. */
    String description();

    /** The declared parameters with defaults. */
    List<MethodParameter> parameters();

    /**
     * Per-dataset overrides of parameter defaults, keyed by dataset name, then by parameter key, with raw values
     * (parsed with the parameter's type). Datasets without an entry use the defaults.
     */
    default Map<String, Map<String, String>> presets() {
        return Map.of();
    }

    /** The engine settings this method trains with unless the user overrides them. */
    TrainingDefaults trainingDefaults();

    /**
     * Names of extra augmented views the method needs in each {@link TrainingBatch} (for example {@code strong} and
     * {@code weak}). The engine produces them with the data module's augmentations.
     */
    default Set<String> requiredViews() {
        return Set.of();
    }

    /** Whether the method needs {@link MethodContext#descriptions()} for every class. */
    default boolean needsDescriptions() {
        return false;
    }

    /**
     * Builds a learner for one run.
     *
     * @throws IllegalArgumentException for an invalid parameter combination or missing descriptions, naming the key
     */
    PromptLearner create(MethodContext context);
}
