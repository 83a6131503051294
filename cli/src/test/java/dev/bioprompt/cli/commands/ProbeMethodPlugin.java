package dev.bioprompt.cli.commands;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.inject.Module;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.method.LossResult;
import dev.bioprompt.api.method.MethodBinder;
import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.MethodPlugin;
import dev.bioprompt.api.method.Presets;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingBatch;
import dev.bioprompt.api.method.TrainingDefaults;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.api.nd.ScalarOps;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A class-path plugin for the command tests: {@value #NAME}, plain CLIP zero-shot with {@code "a photo of a {}."}
 * (nothing to train), so a training cell runs end to end without the built-in method modules.
 */
public final class ProbeMethodPlugin implements MethodPlugin {

    /** The method name. */
    public static final String NAME = "probe-zero-shot";
    /** The probe's one parameter. */
    public static final String TEMPLATE = "template";
    /** The dataset with a preset. */
    public static final String PRESET_DATASET = "TOY_US";
    /** The preset's template for {@link #PRESET_DATASET}. */
    public static final String PRESET_TEMPLATE = "a probe photo of a {}.";
    /** The template the last learner was built with. */
    public static final AtomicReference<String> LAST_TEMPLATE =
            new AtomicReference<>();

    @Override
    public String id() {
        return "cli-test-probe";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public Module module() {
        return binder -> MethodBinder.of(binder).bind(new ProbeMethod());
    }

    static final class ProbeMethod implements PromptMethod {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "zero-shot CLIP for command tests";
        }

        @Override
        public List<MethodParameter> parameters() {
            return List.of(MethodParameter.text(TEMPLATE, "a photo of a {}.", "prompt template, {} is the class"));
        }

        @Override
        public Map<String, Map<String, String>> presets() {
            return Presets.table(Presets.preset(PRESET_DATASET, Map.of(TEMPLATE, PRESET_TEMPLATE)));
        }

        @Override
        public TrainingDefaults trainingDefaults() {
            return TrainingDefaults.untrained();
        }

        @Override
        public PromptLearner create(MethodContext context) {
            String template = context.parameters().getString(TEMPLATE);
            LAST_TEMPLATE.set(template);
            return new Learner(context.model(), context.classNames(), template);
        }
    }

    private record Learner(VisionLanguageModel model, List<String> classNames, String template)
            implements PromptLearner {
        @Override
        public Map<String, NDArray> trainable() {
            return Map.of();
        }

        @Override
        public LossResult loss(NDManager manager, TrainingBatch batch) {
            try (Classifier c = classifier(manager, classNames)) {
                NDArray logits = c.logits(manager, c.encodeImages(manager, batch.images()));
                NDArray ce = logits.logSoftmax(1).mul(batch.labels().oneHot(classNames.size())).sum(new int[] {1})
                        .mean().neg();
                return new LossResult(ce, Map.of("ce", ce), logits);
            }
        }

        @Override
        public Classifier classifier(NDManager manager, List<String> names) {
            NDArray text = model.encodeText(manager, model.tokenize(names.stream()
                    .map(n -> template.replace("{}", n)).toList()));
            NDArray scaledT = ScalarOps.mul(text.div(text.norm(new int[] {1}, true)).transpose(), model.logitScale());
            return new Classifier() {
                @Override
                public List<String> classNames() {
                    return names;
                }

                @Override
                public NDArray encodeImages(NDManager target, NDArray images) {
                    NDArray pooled = model.encodeImage(target, images, VisualPrompts.none(),
                            ImageEncodeOptions.POOLED).pooled();
                    return pooled.div(pooled.norm(new int[] {1}, true));
                }

                @Override
                public NDArray logits(NDManager target, NDArray features) {
                    NDArray logits = features.matMul(scaledT);
                    logits.attach(target);
                    return logits;
                }

                @Override
                public void close() {
                    scaledT.close();
                    text.close();
                }
            };
        }

        @Override
        public Map<String, NDArray> exportTensors(NDManager manager) {
            return Map.of();
        }

        @Override
        public void importTensors(Map<String, NDArray> tensors) {
            if (!tensors.isEmpty()) {
                throw new IllegalArgumentException("probe-zero-shot has no tensors, got " + tensors.keySet());
            }
        }

        @Override
        public void close() {
        }
    }
}
