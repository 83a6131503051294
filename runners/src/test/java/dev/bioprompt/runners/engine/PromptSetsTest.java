package dev.bioprompt.runners.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.promptset.PromptSet;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptSetsTest {

    @TempDir
    Path tmp;

    @Test
    void exportedPromptSetRestoresTheTrainedLearner() throws IOException {
        try (NDManager root = NDManager.newBaseManager();
             LinearProbeLearner trained = new LinearProbeLearner(root.newSubManager(), ToyData.CLASSES,
                     ToyData.DIMS, 1, 0.01f);
             LinearProbeLearner restored = new LinearProbeLearner(root.newSubManager(), ToyData.CLASSES,
                     ToyData.DIMS, 2, 0.01f)) {
            new TrainingEngine(new TrainingSettings(2, 4, 0.05, 1, 1e-5, 0.9, 5e-4, 1), TrainingOptions.none())
                    .train(root, LinearProbeLearner.METHOD, trained, ToyData.images("train", ToyData.CLASSES, 4, 1),
                            Set.of());
            PromptSet set = PromptSets.export(root, trained, LinearProbeLearner.METHOD,
                    MethodParameters.of(Map.of("l2", 0.01)), "toy:123", "TOY", ToyData.CLASSES, List.of(),
                    Map.of("accuracy", 97.5), "run-1", Instant.parse("2026-01-01T00:00:00Z"));
            set.writeTo(tmp.resolve("prompts"));
            PromptSet read = PromptSet.readFrom(tmp.resolve("prompts"));

            assertThat(read.manifest().method()).isEqualTo(LinearProbeLearner.METHOD);
            assertThat(read.manifest().parameters()).containsEntry("l2", "0.01");
            assertThat(read.manifest().metrics()).containsEntry("accuracy", 97.5);
            assertThat(read.manifest().createdAt()).isEqualTo("2026-01-01T00:00:00Z");
            assertThat(read.tensors()).containsOnlyKeys("weight", "bias");
            assertThat(read.tensors().get("weight").data()).containsExactly(trained.weights());
            assertThat(read.tensors().get("weight").shape()).containsExactly(3, ToyData.DIMS);

            restored.importTensors(NdTensors.toArrays(root, read.tensors()));
            assertThat(restored.weights()).containsExactly(trained.weights());
        }
    }
}
