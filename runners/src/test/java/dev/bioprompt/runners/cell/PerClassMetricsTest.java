package dev.bioprompt.runners.cell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.promptset.PromptSetManifest;
import dev.bioprompt.runners.engine.EvaluationReport;
import dev.bioprompt.runners.engine.Metrics;
import dev.bioprompt.runners.engine.RunResult;
import dev.bioprompt.runners.engine.SetEvaluation;
import dev.bioprompt.runners.engine.TrainingSummary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PerClassMetricsTest {

    @Test
    void everySetsPerClassAccuracyBecomesAMetricWithAValidKey() {
        List<String> classes = List.of("glioma tumor", "normal (brain)");
        int[] labels = {0, 0, 1, 1};
        int[] predictions = {0, 1, 1, 1};
        SetEvaluation set = new SetEvaluation("novel", classes, labels, predictions,
                Metrics.of(classes, labels, predictions));
        PromptSetManifest manifest = new PromptSetManifest(1, "coop", Map.of(), "fp", "TOY", classes, List.of(),
                Map.of(), "", "2026-01-01T00:00:00Z", Map.of());
        RunResult result = new RunResult(new TrainingSummary(0, 0, List.of()),
                new EvaluationReport(List.of(set), Map.of()), new PromptSet(manifest, Map.of()));

        Map<String, Double> metrics = TrainingCellExecutor.perClassMetrics(result);

        assertThat(metrics).containsOnlyKeys("per_class_accuracy/novel/glioma tumor",
                "per_class_accuracy/novel/normal _brain_");
        assertThat(metrics.get("per_class_accuracy/novel/glioma tumor")).isEqualTo(50.0);
        assertThat(metrics.get("per_class_accuracy/novel/normal _brain_")).isEqualTo(100.0);
    }
}
