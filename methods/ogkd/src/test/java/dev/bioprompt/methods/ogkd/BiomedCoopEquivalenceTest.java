package dev.bioprompt.methods.ogkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.bioprompt.api.method.LossResult;
import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingBatch;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.task.DatasetInfo;
import dev.bioprompt.methods.biomedcoop.BiomedCoopMethod;
import dev.bioprompt.testkit.TinyBiomedClip;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** OGKD with gamma 0 and lambda-lgd 0 is BiomedCoOp: same loss and same gradients on the same batch and seed. */
class BiomedCoopEquivalenceTest {

    private static final List<String> CLASSES = List.of("tumor", "normal tissue", "cyst", "edema");

    private static VisionLanguageModel model;
    private static NDManager root;

    @BeforeAll
    static void open() {
        model = TinyBiomedClip.open();
        root = NDManager.newBaseManager(model.device());
    }

    @AfterAll
    static void close() {
        root.close();
        model.close();
    }

    /** Loss value, then the gradient of the context. */
    private static float[][] lossAndGradient(PromptMethod method, Map<String, String> values, boolean dropout) {
        Map<String, String> all = new HashMap<>(values);
        all.put("text-dropout", String.valueOf(dropout));
        MethodParameters params = MethodParameters.resolve(method.name(), method.parameters(), List.of(all));
        DatasetInfo dataset = new DatasetInfo("TEST", "MRI", "brain", CLASSES, List.of(), Map.of());
        try (NDManager learnerManager = root.newSubManager();
             PromptLearner learner = method.create(new MethodContext(model, CLASSES, dataset,
                     OgkdTestSupport.descriptions(CLASSES), params, learnerManager, 3))) {
            float loss;
            try (NDManager step = root.newSubManager()) {
                step.getEngine().setRandomSeed(5);
                NDArray images = step.randomNormal(new Shape(4, 3, 64, 64));
                TrainingBatch batch = new TrainingBatch(images, step.create(new long[] {0, 1, 2, 3}), Map.of());
                step.getEngine().setRandomSeed(42);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    LossResult result = learner.loss(step, batch);
                    loss = result.total().toType(DataType.FLOAT32, false).getFloat();
                    collector.backward(result.total());
                }
            }
            NDArray ctx = learner.trainable().get("ctx");
            try (NDArray gradient = ctx.getGradient()) {
                return new float[][] {{loss}, gradient.toType(DataType.FLOAT32, false).toFloatArray()};
            }
        }
    }

    @ParameterizedTest(name = "text dropout {0}")
    @ValueSource(booleans = {false, true})
    void ogkdWithoutGeometryIsBiomedCoop(boolean dropout) {
        float[][] biomedcoop = lossAndGradient(new BiomedCoopMethod(),
                Map.of("lambda-sccm", "2.5", "lambda-kdsp", "0.75", "tau", "1.0"), dropout);
        float[][] ogkd = lossAndGradient(new OgkdMethod(), Map.of("lambda-sccm", "2.5", "lambda-gad", "0.75",
                "tau", "1.0", "gamma", "0", "lambda-lgd", "0", "alpha", "4"), dropout);
        if (dropout) {
            // the same dropout masks; the two plugins' arithmetic may round differently in the last place
            assertThat(ogkd[0][0]).isCloseTo(biomedcoop[0][0], within(1e-6f * Math.abs(biomedcoop[0][0])));
            assertThat(ogkd[1]).containsExactly(biomedcoop[1], within(1e-6f * maxAbs(biomedcoop[1])));
            float[][] withoutDropout = lossAndGradient(new OgkdMethod(), Map.of("lambda-sccm", "2.5",
                    "lambda-gad", "0.75", "tau", "1.0", "gamma", "0", "lambda-lgd", "0"), false);
            assertThat(withoutDropout[0][0]).as("dropout was active").isNotEqualTo(ogkd[0][0]);
        } else {
            assertThat(ogkd[0][0]).isEqualTo(biomedcoop[0][0]);
            assertThat(ogkd[1]).containsExactly(biomedcoop[1]);
        }
        assertThat(maxAbs(ogkd[1])).isGreaterThan(0f);

        float[][] geometric = lossAndGradient(new OgkdMethod(), Map.of("lambda-sccm", "2.5", "lambda-gad", "0.75",
                "tau", "1.0", "gamma", "0.5", "lambda-lgd", "0"), dropout);
        assertThat(geometric[0][0]).as("gamma > 0 changes the loss").isNotEqualTo(biomedcoop[0][0]);
    }

    private static float maxAbs(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
