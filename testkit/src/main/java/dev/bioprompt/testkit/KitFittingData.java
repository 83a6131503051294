package dev.bioprompt.testkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.method.FittingData;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.api.nd.ScalarOps;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The frozen features the contract kit fits a {@code FittedLearner} from: {@code shots} random images per class
 * encoded by the kit's backbone, each pass with its own small deterministic perturbation of the images (standing in
 * for the training augmentation), and one random image per class as the validation set. Features are encoded on
 * first request and kept, as the engine does.
 */
final class KitFittingData implements FittingData, AutoCloseable {

    private final VisionLanguageModel model;
    private final List<String> classNames;
    private final NDManager manager;
    private final int shots;
    private final NDArray supportImages;
    private final NDArray validationImages;
    private final Map<Integer, NDArray> passes = new HashMap<>();
    private final List<String> logged = new ArrayList<>();
    private NDArray validation;

    KitFittingData(VisionLanguageModel model, List<String> classNames, NDManager parent, int shots) {
        this.model = model;
        this.classNames = List.copyOf(classNames);
        this.manager = parent.newSubManager();
        this.shots = shots;
        int size = model.dimensions().imageSize();
        int n = classNames.size();
        manager.getEngine().setRandomSeed(11);
        this.supportImages = manager.randomNormal(new Shape((long) n * shots, 3, size, size));
        // the validation image of class c is a perturbed support image of class c, so fitting has something to find
        this.validationImages = supportImages.get("0:" + n).add(ScalarOps.mul(
                manager.randomNormal(new Shape(n, 3, size, size)), 0.1));
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int[] supportLabels() {
        int n = classNames.size();
        int[] labels = new int[n * shots];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % n;
        }
        return labels;
    }

    @Override
    public NDArray supportFeatures(NDManager target, int pass) {
        NDArray kept = passes.computeIfAbsent(pass, p -> {
            try (NDManager scope = manager.newSubManager()) {
                scope.getEngine().setRandomSeed(100 + p);
                NDArray images = p == 0 ? supportImages : supportImages.add(ScalarOps.mul(
                        scope.randomNormal(supportImages.getShape()), 0.05));
                NDArray pooled = model.encodeImage(scope, images, VisualPrompts.none(), ImageEncodeOptions.POOLED)
                        .pooled();
                pooled.attach(manager);
                return pooled;
            }
        });
        NDArray copy = kept.duplicate();
        copy.attach(target);
        return copy;
    }

    @Override
    public int[] validationLabels() {
        int[] labels = new int[classNames.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i;
        }
        return labels;
    }

    @Override
    public NDArray validationFeatures(NDManager target) {
        if (validation == null) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray pooled = model.encodeImage(scope, validationImages, VisualPrompts.none(),
                        ImageEncodeOptions.POOLED).pooled();
                pooled.attach(manager);
                validation = pooled;
            }
        }
        NDArray copy = validation.duplicate();
        copy.attach(target);
        return copy;
    }

    @Override
    public long seed() {
        return 1;
    }

    @Override
    public void logMetric(String name, double value, int step) {
        logged.add(name);
    }

    /** The names of the values the learner logged. */
    List<String> logged() {
        return logged;
    }

    @Override
    public void close() {
        manager.close();
    }
}
