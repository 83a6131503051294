package dev.bioprompt.runners.cell;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.data.eval.ConfusionMatrixPlot;
import dev.bioprompt.runners.engine.EpochMetrics;
import dev.bioprompt.runners.engine.RunResult;
import dev.bioprompt.runners.engine.SetEvaluation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The artifacts of one run, laid out as they appear in the tracking UI: {@code prompt-set/} (the portable prompt
 * set), {@code config.json} (the resolved cell), {@code learning-curve.png}, {@code run.log} (one line per epoch), and
 * per evaluation set {@code confusion-<set>.png} and {@code per-class-<set>.csv}.
 */
public final class RunArtifacts {

    /** The artifact folder of the prompt set. */
    public static final String PROMPT_SET = "prompt-set";

    private RunArtifacts() {
    }

    /** Writes every artifact of a run into {@code dir}. */
    public static void write(Path dir, JobSpec cell, RunResult result) throws IOException {
        result.promptSet().writeTo(dir.resolve(PROMPT_SET));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("cell", cell.cellId());
        config.put("method", cell.method());
        config.put("dataset", cell.dataset());
        config.put("protocol", cell.protocol().key());
        config.put("shots", cell.shots());
        config.put("seed", cell.seed());
        config.put("targets", cell.targets());
        config.put("settings", new TreeMap<>(cell.settings()));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("config.json").toFile(),
                config);
        List<EpochMetrics> history = result.training().history();
        LearningCurvePlot.write(history, cell.cellId(), dir.resolve("learning-curve.png"));
        List<String> log = new ArrayList<>();
        for (EpochMetrics e : history) {
            log.add(String.format(Locale.ROOT, "epoch %d lr %.6g loss %.5f train_accuracy %.2f steps %d %d ms",
                    e.epoch() + 1, e.learningRate(), e.loss(), e.accuracy(), e.steps(), e.millis()));
        }
        log.add("final " + summary(result.evaluation().metrics()));
        Files.write(dir.resolve("run.log"), log);
        for (SetEvaluation set : result.evaluation().sets()) {
            String name = set.name().replaceAll("[^A-Za-z0-9._-]", "_");
            ConfusionMatrixPlot.write(set.confusionMatrix(), cell.cellId() + " / " + set.name(),
                    dir.resolve("confusion-" + name + ".png"));
            List<String> rows = new ArrayList<>();
            rows.add("class,accuracy");
            set.metrics().perClassAccuracy().forEach((c, acc) -> rows.add(csv(c) + "," + String.format(Locale.ROOT,
                    "%.4f", acc)));
            Files.write(dir.resolve("per-class-" + name + ".csv"), rows);
        }
    }

    /** A one-line summary of final metrics ({@code accuracy=71.11 macro_f1=70.02}). */
    public static String summary(Map<String, Double> metrics) {
        StringBuilder out = new StringBuilder();
        metrics.forEach((k, v) -> out.append(out.length() == 0 ? "" : " ").append(k).append('=')
                .append(String.format(Locale.ROOT, "%.2f", v)));
        return out.toString();
    }


    private static String csv(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
