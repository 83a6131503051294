package dev.bioprompt.examples.taskres;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.testkit.ContractTask;
import dev.bioprompt.testkit.TinyBiomedClip;
import dev.bioprompt.testkit.TrainingBatches;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Task Residual's defining properties on the kit's tiny backbone. */
class TaskResLearnerTest {

    private final TaskResMethod method = new TaskResMethod();

    @Test
    void startsAsZeroShotAndTheResidualMovesOnlyTheTrainedClasses() {
        ContractTask task = ContractTask.of("tumor", "normal tissue");
        try (VisionLanguageModel model = TinyBiomedClip.open(); NDManager root = NDManager.newBaseManager();
             PromptLearner learner = method.create(task.context(method, model, root.newSubManager(), 1));
             PromptLearner plain = method.create(task.withParameter("alpha", "0")
                     .context(method, model, root.newSubManager(), 1))) {
            NDArray residual = learner.trainable().get("residual");
            assertThat(residual.getShape().get(0)).isEqualTo(2);
            assertThat(residual.abs().sum().getFloat()).as("the residual starts at zero").isZero();
            List<String> classes = List.of("tumor", "normal tissue", "cyst");
            NDArray images = TrainingBatches.random(root, model, 3, 3, Set.of()).images();

            NDArray start = logits(learner, root, classes, images);
            assertThat(start.allClose(logits(plain, root, classes, images), 1e-5, 1e-5, false))
                    .as("with a zero residual TaskRes is zero-shot").isTrue();

            learner.importTensors(Map.of("residual", root.randomNormal(residual.getShape())));
            NDArray moved = logits(learner, root, classes, images);
            NDArray zeroShot = logits(plain, root, classes, images);
            assertThat(moved.get(":, 0:2").allClose(zeroShot.get(":, 0:2"), 1e-4, 1e-4, false))
                    .as("trained classes move with the residual").isFalse();
            assertThat(moved.get(":, 2").allClose(zeroShot.get(":, 2"), 1e-5, 1e-5, false))
                    .as("an unseen class keeps its zero-shot features").isTrue();
        }
    }

    private static NDArray logits(PromptLearner learner, NDManager manager, List<String> classes, NDArray images) {
        try (Classifier classifier = learner.classifier(manager, classes)) {
            return classifier.logits(manager, classifier.encodeImages(manager, images));
        }
    }
}
