package dev.bioprompt.api.method;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The training loss of one batch.
 *
 * @param total the scalar the engine differentiates
 * @param terms each weighted term by name ({@code ce}, {@code sccm}, {@code kd}...), scalars, logged per epoch and
 *     checked for NaN/Inf by the engine
 * @param logits the classification logits of the batch {@code [B, C]}, for the training accuracy
 */
public record LossResult(NDArray total, Map<String, NDArray> terms, NDArray logits) {
    public LossResult {
        requireNonNull(total, "total is null");
        terms = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(terms, "terms is null")));
        requireNonNull(logits, "logits is null");
    }
}
