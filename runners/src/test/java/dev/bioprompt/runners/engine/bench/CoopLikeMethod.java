package dev.bioprompt.runners.engine.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.method.InPlaceCopy;
import dev.bioprompt.api.method.LossResult;
import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingBatch;
import dev.bioprompt.api.method.TrainingDefaults;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.TextPrompt;
import dev.bioprompt.api.model.TokenizedText;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.api.nd.ScalarOps;
import java.util.List;
import java.util.Map;

/**
 * CoOp in its simplest form, for the engine's benchmark and tests (the engine never depends on a method plugin):
 * 4 shared context vectors initialised from "a photo of a", prompts {@code [CLS] ctx {class} . [SEP]}, CLIP logits
 * and cross-entropy, with BERT dropout while training when asked for (as in BiomedCoOp).
 */
public final class CoopLikeMethod implements PromptMethod {

    static final String INIT = "a photo of a";
    static final int N_CTX = 4;

    private final boolean textDropout;

    /**
     * @param textDropout run BERT dropout while training
     */
    public CoopLikeMethod(boolean textDropout) {
        this.textDropout = textDropout;
    }

    @Override
    public String name() {
        return "coop-like";
    }

    @Override
    public String description() {
        return "shared context vectors in front of the class name";
    }

    @Override
    public List<MethodParameter> parameters() {
        return List.of();
    }

    @Override
    public TrainingDefaults trainingDefaults() {
        return new TrainingDefaults(3, 4, 0.002, 1, 1e-5);
    }

    @Override
    public PromptLearner create(MethodContext context) {
        return new Learner(context, textDropout);
    }

    private static final class Learner implements PromptLearner {
        private final VisionLanguageModel model;
        private final List<String> classNames;
        private final NDManager manager;
        private final NDArray ctx;
        private final boolean textDropout;

        Learner(MethodContext context, boolean textDropout) {
            this.textDropout = textDropout;
            this.model = context.model();
            this.classNames = context.classNames();
            this.manager = context.manager();
            NDArray words = model.wordEmbeddings(manager, model.tokenize(List.of(INIT)));
            this.ctx = words.get(new NDIndex("0, 1:{}", 1 + N_CTX)).duplicate();
            ctx.setRequiresGradient(true);
        }

        @Override
        public Map<String, NDArray> trainable() {
            return Map.of("ctx", ctx);
        }

        private NDArray textFeatures(NDManager m, List<String> names, boolean training) {
            TokenizedText tokens = model.tokenize(names.stream().map(n -> INIT + " " + n + ".").toList());
            NDArray embeddings = model.wordEmbeddings(m, tokens);
            long width = embeddings.getShape().get(2);
            NDArray prefix = embeddings.get(new NDIndex(":, 0:1, :"));
            NDArray suffix = embeddings.get(new NDIndex(":, {}:, :", 1 + N_CTX));
            NDArray context = m.zeros(new Shape(names.size(), N_CTX, width)).add(ctx);
            NDArray prompts = NDArrays.concat(new NDList(prefix, context, suffix), 1);
            NDArray features = model.encodeText(m, new TextPrompt(prompts, tokens.lengths()), training);
            return features.div(features.norm(new int[] {1}, true));
        }

        private NDArray imageFeatures(NDManager m, NDArray images) {
            NDArray pooled = model.encodeImage(m, images, VisualPrompts.none(), ImageEncodeOptions.POOLED).pooled();
            return pooled.div(pooled.norm(new int[] {1}, true));
        }

        @Override
        public LossResult loss(NDManager m, TrainingBatch batch) {
            NDArray text = textFeatures(m, classNames, textDropout);
            NDArray similarity = imageFeatures(m, batch.images()).matMul(text.transpose());
            NDArray logits = ScalarOps.mul(similarity, model.logitScale());
            NDArray ce = logits.logSoftmax(1).mul(batch.labels().oneHot(classNames.size())).sum(new int[] {1})
                    .mean().neg();
            return new LossResult(ce, Map.of("ce", ce), logits);
        }

        @Override
        public Classifier classifier(NDManager m, List<String> names) {
            NDArray text = textFeatures(m, names, false).transpose();
            return new Classifier() {
                @Override
                public List<String> classNames() {
                    return names;
                }

                @Override
                public NDArray encodeImages(NDManager target, NDArray images) {
                    return imageFeatures(target, images);
                }

                @Override
                public NDArray logits(NDManager target, NDArray features) {
                    NDArray logits = ScalarOps.mul(features.matMul(text), model.logitScale());
                    logits.attach(target);
                    return logits;
                }

                @Override
                public void close() {
                    text.close();
                }
            };
        }

        @Override
        public Map<String, NDArray> exportTensors(NDManager target) {
            return InPlaceCopy.copiesOf(target, Map.of("ctx", ctx));
        }

        @Override
        public void importTensors(Map<String, NDArray> tensors) {
            InPlaceCopy.copyAll(Map.of("ctx", ctx), tensors);
        }

        @Override
        public void close() {
            manager.close();
        }
    }
}
