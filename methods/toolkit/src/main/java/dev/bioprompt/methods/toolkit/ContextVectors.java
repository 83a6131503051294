package dev.bioprompt.methods.toolkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.model.TokenizedText;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.nd.OwnedArrays;
import java.util.List;
import java.util.Random;

/** Initial values of learnable context vectors. */
public final class ContextVectors {

    /** Standard deviation of the reference's random initialisation. */
    static final double RANDOM_STD = 0.02;

    private ContextVectors() {
    }

    /**
     * The word embeddings of token positions {@code 1..n} of the tokenised phrase ({@code [CLS]} excluded).
     *
     * @return {@code [n, D]} float32 values
     */
    public static float[] fromWords(VisionLanguageModel model, NDManager manager, String phrase, int n) {
        TokenizedText tokens = model.tokenize(List.of(phrase));
        try (NDManager scope = manager.newSubManager()) {
            NDArray embeddings = model.wordEmbeddings(scope, tokens);
            return embeddings.get(new NDIndex("0, 1:{}, :", 1 + n)).toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    /** I.i.d. normal values with standard deviation 0.02, reproducible from the seed. */
    public static float[] random(Shape shape, long seed) {
        Random random = new Random(seed);
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * RANDOM_STD);
        }
        return values;
    }

    /**
     * I.i.d. uniform values in {@code [-bound, bound)}, reproducible from the seed: PyTorch's default initialisation
     * of a {@code Linear} layer's weight and bias uses {@code bound = 1 / sqrt(in_features)}.
     */
    public static float[] uniform(Shape shape, double bound, long seed) {
        Random random = new Random(seed);
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return values;
    }

    /**
     * A learnable array with gradients enabled, owned by {@code manager}. Its memory belongs to the engine (a copy of
     * the values), not to a Java buffer, so it never depends on the Java garbage collector.
     */
    public static NDArray learnable(NDManager manager, float[] values, Shape shape) {
        NDArray array;
        try (NDManager scope = manager.newSubManager()) {
            array = OwnedArrays.of(scope, values, shape);
            array.attach(manager);
        }
        array.setRequiresGradient(true);
        return array;
    }

    /** Number of space-separated words of a context phrase, after the reference's {@code _} to space rewrite. */
    public static int wordCount(String phrase) {
        return phrase.trim().split(" +").length;
    }
}
