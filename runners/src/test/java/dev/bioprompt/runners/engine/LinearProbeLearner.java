package dev.bioprompt.runners.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.method.InPlaceCopy;
import dev.bioprompt.api.method.LossResult;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.TrainingBatch;
import dev.bioprompt.api.nd.ScalarOps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real (small) learner for engine tests: a linear classifier over the flattened input tensors, trained with
 * cross-entropy plus an L2 term. Class names select rows of the weight, so any subset or order of the training
 * classes can be evaluated.
 */
final class LinearProbeLearner implements PromptLearner {

    static final String METHOD = "linear-probe";

    private final NDManager manager;
    private final List<String> classNames;
    private final NDArray weight;
    private final NDArray bias;
    private final float l2;
    final AtomicInteger encodeCalls = new AtomicInteger();
    final AtomicInteger afterStepCalls = new AtomicInteger();
    /** Runs at the start of every {@link #loss} call. */
    volatile Runnable beforeLoss = () -> { };

    LinearProbeLearner(NDManager manager, List<String> classNames, int dims, long seed, float l2) {
        this.manager = manager;
        this.classNames = List.copyOf(classNames);
        this.l2 = l2;
        Random random = new Random(seed);
        float[] w = new float[classNames.size() * dims];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (0.01 * random.nextGaussian());
        }
        // engine-owned memory (a copy), not a view of a Java buffer
        weight = manager.zeros(new Shape(classNames.size(), dims)).add(manager.create(w, new Shape(classNames.size(), dims)));
        bias = manager.zeros(new Shape(classNames.size()));
        weight.setRequiresGradient(true);
        bias.setRequiresGradient(true);
    }

    @Override
    public Map<String, NDArray> trainable() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put("weight", weight);
        out.put("bias", bias);
        return out;
    }

    @Override
    public LossResult loss(NDManager step, TrainingBatch batch) {
        beforeLoss.run();
        NDArray x = batch.images().reshape(batch.images().getShape().get(0), -1);
        NDArray logits = Linear.linear(x, weight, bias).singletonOrThrow();
        NDArray oneHot = batch.labels().oneHot(classNames.size());
        NDArray ce = logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).mean().neg();
        NDArray penalty = ScalarOps.mul(step.zeros(weight.getShape()).add(weight).square().mean(), l2);
        Map<String, NDArray> terms = new LinkedHashMap<>();
        terms.put("ce", ce);
        terms.put("l2", penalty);
        return new LossResult(ce.add(penalty), terms, logits);
    }

    @Override
    public Classifier classifier(NDManager m, List<String> names) {
        int[] rows = names.stream().mapToInt(name -> {
            int index = classNames.indexOf(name);
            if (index < 0) {
                throw new IllegalArgumentException("unknown class '" + name + "'");
            }
            return index;
        }).toArray();
        NDArray rowIndex = m.create(rows);
        NDArray selectedWeight = m.create(weight.toFloatArray(), weight.getShape()).get(rowIndex);
        NDArray selectedBias = m.create(bias.toFloatArray(), bias.getShape()).get(rowIndex);
        return new Classifier() {
            @Override
            public List<String> classNames() {
                return List.copyOf(names);
            }

            @Override
            public NDArray encodeImages(NDManager target, NDArray images) {
                encodeCalls.incrementAndGet();
                NDArray features = images.reshape(images.getShape().get(0), -1);
                features.attach(target);
                return features;
            }

            @Override
            public NDArray logits(NDManager target, NDArray features) {
                NDArray logits = Linear.linear(features, selectedWeight, selectedBias).singletonOrThrow();
                logits.attach(target);
                return logits;
            }

            @Override
            public void close() {
                selectedWeight.close();
                selectedBias.close();
            }
        };
    }

    @Override
    public Map<String, NDArray> exportTensors(NDManager target) {
        return InPlaceCopy.copiesOf(target, trainable());
    }

    @Override
    public void importTensors(Map<String, NDArray> tensors) {
        trainable().forEach((name, array) -> {
            NDArray source = tensors.get(name);
            if (source == null) {
                throw new IllegalArgumentException("missing tensor '" + name + "'");
            }
            if (!source.getShape().equals(array.getShape())) {
                throw new IllegalArgumentException("tensor '" + name + "' has shape " + source.getShape()
                        + ", expected " + array.getShape());
            }
            InPlaceCopy.copy(source, array);
        });
    }

    @Override
    public void afterStep() {
        afterStepCalls.incrementAndGet();
    }

    @Override
    public void close() {
        manager.close();
    }

    float[] weights() {
        return weight.toFloatArray();
    }
}
