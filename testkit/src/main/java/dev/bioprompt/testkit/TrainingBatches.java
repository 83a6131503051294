package dev.bioprompt.testkit;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingBatch;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.nd.OwnedArrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Deterministic {@link TrainingBatch}es of random images for method tests. */
public final class TrainingBatches {

    private TrainingBatches() {
    }

    /**
     * A batch of {@code size} random images (normal noise at the model's image size) labelled {@code i % classes},
     * with every extra view the method asks for with these parameters. The engine's random seed is set first, so
     * the same call gives the same batch.
     */
    public static TrainingBatch random(NDManager manager, VisionLanguageModel model, PromptMethod method,
                                       MethodParameters parameters, int size, int classes) {
        requireNonNull(method, "method is null");
        return random(manager, model, size, classes, method.requiredViews(parameters));
    }

    /** A batch of random images labelled {@code i % classes}, with the named extra views. */
    public static TrainingBatch random(NDManager manager, VisionLanguageModel model, int size, int classes,
                                       Set<String> views) {
        requireNonNull(manager, "manager is null");
        requireNonNull(model, "model is null");
        requireNonNull(views, "views is null");
        if (size < 1 || classes < 1) {
            throw new IllegalArgumentException("size and classes must be positive, got " + size + " and " + classes);
        }
        int pixels = model.dimensions().imageSize();
        manager.getEngine().setRandomSeed(7);
        NDArray images = manager.randomNormal(new Shape(size, 3, pixels, pixels));
        long[] labels = new long[size];
        for (int i = 0; i < size; i++) {
            labels[i] = i % classes;
        }
        Map<String, NDArray> extra = new HashMap<>();
        for (String view : views) {
            extra.put(view, manager.randomNormal(new Shape(size, 3, pixels, pixels)));
        }
        return new TrainingBatch(images, OwnedArrays.of(manager, labels), extra);
    }
}
