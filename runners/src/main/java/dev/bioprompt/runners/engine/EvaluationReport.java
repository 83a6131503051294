package dev.bioprompt.runners.engine;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation of a trained learner under a protocol.
 *
 * @param sets every evaluated set, in order
 * @param metrics the flat final metrics (see {@link ProtocolEvaluator} for the names)
 */
public record EvaluationReport(List<SetEvaluation> sets, Map<String, Double> metrics) {
    public EvaluationReport {
        sets = List.copyOf(requireNonNull(sets, "sets is null"));
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(metrics, "metrics is null")));
    }
}
