package dev.bioprompt.api.method;

import dev.bioprompt.api.task.Protocol;
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
     * The engine settings of a run with these resolved parameters under one protocol; this is the form the engine
     * asks. The default is {@link #trainingDefaults(MethodParameters)} for every protocol. A method whose reference
     * trains a protocol differently (for example 50 base-to-novel epochs instead of 100, or another learning rate)
     * overrides this.
     *
     * @param parameters the run's resolved parameters
     * @param protocol the run's protocol
     */
    default TrainingDefaults trainingDefaults(MethodParameters parameters, Protocol protocol) {
        return trainingDefaults(parameters);
    }

    /**
     * The engine settings of a run with these resolved parameters, whatever the protocol. The default is
     * {@link #trainingDefaults()}. A method whose schedule depends on a parameter (a named schedule fix) overrides
     * this and keeps {@link #trainingDefaults()} equal to its answer for the defaults.
     *
     * @param parameters the run's resolved parameters
     */
    default TrainingDefaults trainingDefaults(MethodParameters parameters) {
        return trainingDefaults();
    }

    /**
     * Whether the learners of this method are {@link FittedLearner}s, fitted by the engine from frozen features
     * instead of trained by SGD epochs. Such a method's {@link #trainingDefaults()} has 0 epochs.
     */
    default boolean fitsFromFeatures() {
        return false;
    }

    /**
     * The seed the few-shot support and validation sets of a run are sampled with. The default is the run seed. The
     * few-shot CLIP harness of the reference baselines (CLIP-Adapter, Tip-Adapter, the linear probes) samples them
     * with seed 1 for every run and varies only its random state (augmentation, initialisation) with the run seed;
     * its methods return 1 here unless told otherwise.
     *
     * @param parameters the run's resolved parameters
     * @param runSeed the run seed
     */
    default long supportSeed(MethodParameters parameters, long runSeed) {
        return runSeed;
    }

    /**
     * Names of extra augmented views the method needs in each {@link TrainingBatch} with its default parameters. The
     * engine produces them with the data module's augmentations, each from the batch's main view; the platform
     * provides {@code strong} and {@code weak} (BioVLM's views, computed on the image before normalisation) and
     * {@code strong-normalised} (BioVLM's strong view computed on the normalised tensor, as its released code does).
     * The engine asks {@link #requiredViews(MethodParameters)}.
     */
    default Set<String> requiredViews() {
        return Set.of();
    }

    /**
     * Names of extra augmented views the method needs in each {@link TrainingBatch} of a run with these resolved
     * parameters; this is the form the engine asks. The default is {@link #requiredViews()}. A method whose views
     * depend on a parameter overrides this and keeps {@link #requiredViews()} equal to its answer for the defaults
     * (the method contract test kit checks that).
     *
     * @param parameters the run's resolved parameters
     */
    default Set<String> requiredViews(MethodParameters parameters) {
        return requiredViews();
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
