package dev.bioprompt.methods.biovlm;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.method.LossResult;
import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.TrainingBatch;
import dev.bioprompt.api.model.FullTextEmbeddings;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.nd.ScalarOps;
import dev.bioprompt.api.task.DatasetInfo;
import dev.bioprompt.testkit.TinyBiomedClip;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The released code's double embedding ({@code fix-double-embedding=false}) runs on the real backbone, which exposes
 * its full embedding module, and gives other prompts than the fixed default.
 */
class BioVlmReleasedEmbeddingTest {

    private static final List<String> CLASSES = List.of("tumor", "normal tissue", "cyst");

    private static LossResult loss(VisionLanguageModel model, NDManager m, String fixDoubleEmbedding) {
        BioVlmMethod method = new BioVlmMethod();
        MethodParameters params = MethodParameters.resolve(method.name(), method.parameters(),
                List.of(Map.of(BioVlmMethod.FIX_DOUBLE_EMBEDDING, fixDoubleEmbedding)));
        PromptLearner learner = method.create(new MethodContext(model, CLASSES,
                new DatasetInfo("TEST", "MRI", "brain", CLASSES, List.of(), Map.of()),
                BioVlmContractTest.tenAttributes(CLASSES), params, m, 3));
        m.getEngine().setRandomSeed(11);
        NDArray images = m.randomNormal(new Shape(3, 3, 64, 64));
        return learner.loss(m, new TrainingBatch(images, m.create(new long[] {0, 1, 2}),
                Map.of("strong", ScalarOps.add(images, 0.1), "weak", ScalarOps.sub(images, 0.1))));
    }

    @Test
    void releasedDoubleEmbeddingRunsAndDiffersFromTheFix() {
        try (VisionLanguageModel model = TinyBiomedClip.open(); NDManager m = NDManager.newBaseManager(model.device())) {
            assertThat(model).isInstanceOf(FullTextEmbeddings.class);
            float released = loss(model, m, "false").total().getFloat();
            float fixed = loss(model, m, "true").total().getFloat();
            assertThat(Float.isFinite(released)).isTrue();
            assertThat(released).isNotEqualTo(fixed);
        }
    }
}
