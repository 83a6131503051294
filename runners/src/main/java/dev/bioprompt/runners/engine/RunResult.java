package dev.bioprompt.runners.engine;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.promptset.PromptSet;
import java.util.Map;

/**
 * What one method run produced.
 *
 * @param training how training went, epoch by epoch
 * @param evaluation the last-epoch evaluation of every set
 * @param promptSet the learned prompts with their manifest (final metrics included)
 */
public record RunResult(TrainingSummary training, EvaluationReport evaluation, PromptSet promptSet) {
    public RunResult {
        requireNonNull(training, "training is null");
        requireNonNull(evaluation, "evaluation is null");
        requireNonNull(promptSet, "promptSet is null");
    }

    /** The final metrics ({@code accuracy}, {@code base_accuracy}, {@code novel_accuracy}, {@code hm}...). */
    public Map<String, Double> metrics() {
        return evaluation.metrics();
    }
}
