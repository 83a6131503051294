package dev.bioprompt.api.method;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import java.util.Optional;

/**
 * One training batch, owned by the step-scoped manager of the engine.
 *
 * @param images augmented, preprocessed images {@code [B, 3, H, W]}
 * @param labels class indices {@code [B]} (int64)
 * @param views extra augmented views that the method asked for via
 *     {@link PromptMethod#requiredViews(MethodParameters)}, by name
 */
public record TrainingBatch(NDArray images, NDArray labels, Map<String, NDArray> views) {
    public TrainingBatch {
        requireNonNull(images, "images is null");
        requireNonNull(labels, "labels is null");
        views = Map.copyOf(requireNonNull(views, "views is null"));
    }

    /** An extra view by name. */
    public Optional<NDArray> view(String name) {
        return Optional.ofNullable(views.get(name));
    }
}
