package dev.bioprompt.backbone.text;

import static dev.bioprompt.backbone.ParityFixture.array;
import static dev.bioprompt.backbone.ParityFixture.floats;
import static dev.bioprompt.backbone.ParityFixture.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.bioprompt.api.model.TextPrompt;
import dev.bioprompt.api.model.TokenizedText;
import dev.bioprompt.api.nd.ScalarOps;
import dev.bioprompt.backbone.FreedJavaMemory;
import dev.bioprompt.backbone.ParityFixture;
import dev.bioprompt.backbone.Weights;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BertTextEncoderTest {

    private static final String MODEL = "tiny_b";
    private static NDManager root;
    private static BertTextEncoder encoder;
    private static JsonNode reference;

    @BeforeAll
    static void load() {
        root = NDManager.newBaseManager();
        Weights weights = ParityFixture.safetensorsWeights(root,
                ParityFixture.dir(MODEL).resolve("open_clip_model.safetensors"));
        encoder = new BertTextEncoder(weights, BertConfig.from(weights));
        reference = ParityFixture.reference(MODEL);
    }

    @AfterAll
    static void close() {
        root.close();
    }

    static TokenizedText tokens(JsonNode idRows) {
        long[][] ids = StreamSupport.stream(idRows.spliterator(), false).map(ParityFixture::longs)
                .toArray(long[][]::new);
        int[] lengths = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            for (long id : ids[i]) {
                lengths[i] += id != 0 ? 1 : 0;
            }
        }
        return new TokenizedText(ids, lengths);
    }

    @Test
    void readsSizesFromShapes() {
        assertThat(encoder.config()).isEqualTo(new BertConfig(320, 128, 2, 2, 256, 256, 96, 64, 1e-12f, 0.1f));
    }

    @Test
    void textFeaturesFromRecordedIdsMatchReference() {
        JsonNode texts = reference.get("texts");
        var idRows = JsonNodeFactory.instance.arrayNode();
        texts.forEach(t -> idRows.add(t.get("ids")));
        TokenizedText tokens = tokens(idRows);
        try (NDManager step = root.newSubManager()) {
            NDArray embeddings = encoder.wordEmbeddings(step, tokens);
            NDArray features = encoder.encode(step, new TextPrompt(embeddings, tokens.lengths()), false);
            assertThat(features.getShape()).isEqualTo(new Shape(texts.size(), 64));
            for (int i = 0; i < texts.size(); i++) {
                assertThat(maxAbsDiff(features.get(i).toFloatArray(), floats(texts.get(i).get("features"))))
                        .as("text %d", i).isLessThan(1e-4);
            }
        }
    }

    @Test
    void cutBatchEqualsFullContextLength() {
        JsonNode coop = reference.get("coop");
        TokenizedText tokens = tokens(coop.get("ids"));
        assertThat(tokens.maxLength()).isLessThan(256);
        try (NDManager step = root.newSubManager()) {
            TextPrompt prompt = new TextPrompt(encoder.wordEmbeddings(step, tokens), tokens.lengths());
            float[] cut = encoder.encode(step, prompt, false, true).toFloatArray();
            float[] full = encoder.encode(step, prompt, false, false).toFloatArray();
            assertThat(maxAbsDiff(cut, full)).isLessThan(1e-5);
            assertThat(maxAbsDiff(full, floats(coop.get("features_from_ids")))).isLessThan(1e-4);
        }
    }

    @Test
    void coopPromptForwardAndContextGradientMatchReference() throws InterruptedException {
        assertCoopGradientMatchesReference(false);
    }

    /**
     * The padding mask is created inside {@code encode} and saved by the fused attention for the backward pass, after
     * {@code encode} has closed it: the gradient must not depend on the collector freeing Java memory in between.
     */
    @Test
    void contextGradientIsExactWhenTheCollectorRunsBetweenForwardAndBackward() throws InterruptedException {
        assertCoopGradientMatchesReference(true);
    }

    private static void assertCoopGradientMatchesReference(boolean collectBeforeBackward) throws InterruptedException {
        JsonNode coop = reference.get("coop");
        int nCtx = coop.get("n_ctx").asInt();
        TokenizedText tokens = tokens(coop.get("ids"));
        try (NDManager step = root.newSubManager();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray ctx = array(step, coop.get("ctx"));
            ctx.setRequiresGradient(true);
            NDArray features = coopForward(step, tokens, ctx, nCtx);
            List<ByteBuffer> reused = collectBeforeBackward ? FreedJavaMemory.collectAndReuse() : List.of();
            collector.backward(features.mul(array(step, coop.get("R"))).sum());

            assertThat(maxAbsDiff(features.toFloatArray(), floats(coop.get("features")))).isLessThan(1e-4);
            try (NDArray grad = ctx.getGradient()) {
                assertThat(maxAbsDiff(grad.toFloatArray(), floats(coop.get("grad_ctx")))).isLessThan(1e-4);
                assertThat(grad.abs().max().getFloat()).isGreaterThan(0f);
            }
            Reference.reachabilityFence(reused);
        }
    }

    @Test
    void dropoutOnlyWhenTraining() {
        JsonNode coop = reference.get("coop");
        TokenizedText tokens = tokens(coop.get("ids"));
        try (NDManager step = root.newSubManager()) {
            TextPrompt prompt = new TextPrompt(encoder.wordEmbeddings(step, tokens), tokens.lengths());
            float[] eval1 = encoder.encode(step, prompt, false).toFloatArray();
            float[] eval2 = encoder.encode(step, prompt, false).toFloatArray();
            float[] train = encoder.encode(step, prompt, true).toFloatArray();
            assertThat(eval1).containsExactly(eval2);
            assertThat(maxAbsDiff(eval1, train)).isGreaterThan(1e-3);
        }
    }

    @Test
    void rejectsBadPrompts() {
        try (NDManager step = root.newSubManager()) {
            assertThatThrownBy(() -> encoder.encode(step, new TextPrompt(step.zeros(new Shape(1, 4, 7)),
                    new int[] {2}), false)).hasMessageContaining("[N, S, 128]");
            assertThatThrownBy(() -> encoder.encode(step, new TextPrompt(step.zeros(new Shape(1, 4, 128)),
                    new int[] {5}), false)).hasMessageContaining("1..4");
        }
    }

    /** {@code [CLS] | ctx | suffix} as the CoOp prompt learner builds it. */
    static NDArray coopForward(NDManager step, TokenizedText tokens, NDArray ctx, int nCtx) {
        NDArray embeddings = encoder.wordEmbeddings(step, tokens);
        long rows = embeddings.getShape().get(0);
        NDArray context = step.zeros(new Shape(rows, nCtx, ctx.getShape().get(1))).add(ctx);
        NDArray prompts = embeddings.get(":, :1").concat(context, 1)
                .concat(embeddings.get(new NDIndex(":, {}:", 1 + nCtx)), 1);
        return encoder.encode(step, new TextPrompt(prompts, tokens.lengths()), false);
    }

    @Test
    void nativeArrayCountStaysFlatOverManyTrainingSteps() {
        JsonNode coop = reference.get("coop");
        int nCtx = coop.get("n_ctx").asInt();
        TokenizedText tokens = tokens(coop.get("ids"));
        try (NDManager run = root.newSubManager()) {
            NDArray ctx = array(run, coop.get("ctx"));
            ctx.setRequiresGradient(true);
            int before = -1;
            for (int stepIndex = 0; stepIndex < 500; stepIndex++) {
                try (NDManager step = run.newSubManager()) {
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray features = coopForward(step, tokens, ctx, nCtx);
                        collector.backward(features.square().sum());
                    }
                    try (NDArray grad = ctx.getGradient()) {
                        ctx.subi(ScalarOps.muli(grad, 1e-3));
                        grad.subi(grad);
                    }
                }
                int live = countArrays(root);
                if (stepIndex == 10) {
                    before = live;
                }
                if (stepIndex > 10) {
                    assertThat(live).as("live arrays after step %d", stepIndex).isEqualTo(before);
                }
            }
            assertThat(before).isPositive();
        }
    }

    /** Live arrays of a manager and all its sub-managers. */
    private static int countArrays(NDManager manager) {
        return manager.getManagedArrays().size();
    }
}
