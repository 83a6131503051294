package dev.bioprompt.api.method;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The training loss of one batch.
 *
 * @param total the scalar the engine differentiates
 * @param terms each weighted term by name ({@code ce}, {@code sccm}, {@code kd}...), scalars, logged per epoch and
 *     checked for NaN/Inf by the engine
 * @param logits the classification logits of the batch {@code [B, C]}, for the training accuracy
 * @param guide a second loss whose gradient the engine combines with the total loss's gradient (ProGrad); empty
 *     for methods whose update is the plain gradient of {@code total}
 */
public record LossResult(NDArray total, Map<String, NDArray> terms, NDArray logits, Optional<GradientGuide> guide) {
    public LossResult {
        requireNonNull(total, "total is null");
        terms = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(terms, "terms is null")));
        requireNonNull(logits, "logits is null");
        requireNonNull(guide, "guide is null");
    }

    /** A loss whose gradient the engine applies as it is (every method but ProGrad-style ones). */
    public LossResult(NDArray total, Map<String, NDArray> terms, NDArray logits) {
        this(total, terms, logits, Optional.empty());
    }

    /** A loss whose gradient the engine combines with a guide loss's gradient ({@link GradientGuide}). */
    public LossResult(NDArray total, Map<String, NDArray> terms, NDArray logits, GradientGuide guide) {
        this(total, terms, logits, Optional.of(requireNonNull(guide, "guide is null")));
    }
}
