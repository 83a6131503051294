package dev.bioprompt.runners.engine;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.task.Protocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a trained learner on a protocol's sets, each with a classifier built for that set's own class names, and
 * names the final metrics (accuracies and F1 in percent):
 * <ul>
 *   <li>few-shot: {@code accuracy} and {@code macro_f1} of the first set; {@code <set>_accuracy} and
 *       {@code <set>_macro_f1} of any further set;</li>
 *   <li>base-to-novel: {@code base_accuracy}, {@code novel_accuracy} (sets named {@code base} and {@code novel}, each
 *       with only its own class names), their harmonic mean {@code hm}, and {@code base_macro_f1},
 *       {@code novel_macro_f1};</li>
 *   <li>cross-dataset: {@code <set>_accuracy} and {@code <set>_macro_f1} of every set, and {@code mean_accuracy}.</li>
 * </ul>
 * Set names are made metric-safe ({@code target:RETINA} becomes {@code target_RETINA}).
 */
public final class ProtocolEvaluator {

    private final Evaluator evaluator;

    public ProtocolEvaluator(Evaluator evaluator) {
        this.evaluator = requireNonNull(evaluator, "evaluator is null");
    }

    /**
     * Evaluates every set.
     *
     * @param manager owns the classifiers (closed before returning)
     * @param learner the trained learner
     * @param stateKey the learner's feature state ({@link FeatureCache})
     * @param protocol the protocol, which decides the metric names
     * @param sets the evaluation sets, in report order
     * @throws IllegalArgumentException when base-to-novel lacks a {@code base} or {@code novel} set
     */
    public EvaluationReport evaluate(NDManager manager, PromptLearner learner, String stateKey, Protocol protocol,
                                     List<? extends EvaluationImages> sets) {
        requireNonNull(protocol, "protocol is null");
        if (sets.isEmpty()) {
            throw new IllegalArgumentException("no evaluation sets for protocol " + protocol.key());
        }
        List<SetEvaluation> results = new ArrayList<>();
        Map<List<String>, Classifier> classifiers = new LinkedHashMap<>();
        try (NDManager scope = manager.newSubManager()) {
            try {
                for (EvaluationImages set : sets) {
                    Classifier classifier = classifiers.computeIfAbsent(set.classNames(),
                            names -> learner.classifier(scope, names));
                    results.add(evaluator.evaluate(classifier, stateKey, set));
                }
            } finally {
                classifiers.values().forEach(Classifier::close);
            }
        }
        return new EvaluationReport(results, metrics(protocol, results));
    }

    private static Map<String, Double> metrics(Protocol protocol, List<SetEvaluation> results) {
        Map<String, Double> out = new LinkedHashMap<>();
        switch (protocol) {
            case FEW_SHOT -> {
                out.put("accuracy", results.get(0).metrics().accuracy());
                out.put("macro_f1", results.get(0).metrics().macroF1());
                results.stream().skip(1).forEach(r -> putSet(out, r));
            }
            case BASE_TO_NOVEL -> {
                SetEvaluation base = named(results, "base");
                SetEvaluation novel = named(results, "novel");
                out.put("base_accuracy", base.metrics().accuracy());
                out.put("novel_accuracy", novel.metrics().accuracy());
                out.put("hm", Metrics.harmonicMean(base.metrics().accuracy(), novel.metrics().accuracy()));
                out.put("base_macro_f1", base.metrics().macroF1());
                out.put("novel_macro_f1", novel.metrics().macroF1());
                results.stream().filter(r -> r != base && r != novel).forEach(r -> putSet(out, r));
            }
            case CROSS_DATASET -> {
                results.forEach(r -> putSet(out, r));
                out.put("mean_accuracy", results.stream().mapToDouble(r -> r.metrics().accuracy()).average()
                        .orElseThrow());
            }
            default -> throw new IllegalStateException("unknown protocol " + protocol);
        }
        return out;
    }

    private static void putSet(Map<String, Double> out, SetEvaluation r) {
        String name = metricName(r.name());
        out.put(name + "_accuracy", r.metrics().accuracy());
        out.put(name + "_macro_f1", r.metrics().macroF1());
    }

    private static SetEvaluation named(List<SetEvaluation> results, String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("base-to-novel needs evaluation sets named 'base' and "
                        + "'novel', got " + results.stream().map(SetEvaluation::name).toList()));
    }

    /** A set name made safe as part of a metric name. */
    static String metricName(String setName) {
        return setName.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
