package dev.bioprompt.runners.engine;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.promptset.PromptSetManifest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds the portable {@link PromptSet} of a trained learner. */
public final class PromptSets {

    private PromptSets() {
    }

    /**
     * Exports a learner's tensors (converted to float32) with a manifest.
     *
     * @param manager a manager for the temporary exported arrays (they are closed before returning)
     * @param learner the trained learner
     * @param method the method name
     * @param parameters the resolved method parameters
     * @param backboneFingerprint the backbone's fingerprint
     * @param dataset the training dataset
     * @param classNames the training class names
     * @param templates hand-written templates the method used (may be empty)
     * @param metrics final evaluation metrics
     * @param sourceRun the tracking run id (empty when unknown)
     * @param createdAt the creation instant
     */
    public static PromptSet export(NDManager manager, PromptLearner learner, String method,
                                   MethodParameters parameters, String backboneFingerprint, String dataset,
                                   List<String> classNames, List<String> templates, Map<String, Double> metrics,
                                   String sourceRun, Instant createdAt) {
        requireNonNull(learner, "learner is null");
        PromptSetManifest manifest = new PromptSetManifest(PromptSetManifest.FORMAT_VERSION, method,
                parameters.asStrings(), backboneFingerprint, dataset, classNames, templates, metrics, sourceRun,
                createdAt.toString(), Map.of());
        try (NDManager scope = manager.newSubManager()) {
            return new PromptSet(manifest, NdTensors.toTensors(learner.exportTensors(scope)));
        }
    }
}
