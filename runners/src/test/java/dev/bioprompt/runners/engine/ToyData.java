package dev.bioprompt.runners.engine;

import java.util.List;
import java.util.Random;

/** Separable toy "images" [3, 2, 2]: a random mean per class plus noise. */
final class ToyData {

    static final List<String> CLASSES = List.of("glioma tumor", "meningioma tumor", "normal brain");
    static final long[] IMAGE = {3, 2, 2};
    static final int DIMS = 12;

    private ToyData() {
    }

    static InMemoryImages images(String name, List<String> classNames, int perClass, long seed) {
        Random means = new Random(42);
        float[][] centres = new float[CLASSES.size()][DIMS];
        for (float[] c : centres) {
            for (int d = 0; d < DIMS; d++) {
                c[d] = (float) (2 * means.nextGaussian());
            }
        }
        Random noise = new Random(seed);
        int n = perClass * classNames.size();
        float[][] pixels = new float[n][DIMS];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int label = i % classNames.size();
            float[] centre = centres[CLASSES.indexOf(classNames.get(label))];
            for (int d = 0; d < DIMS; d++) {
                pixels[i][d] = centre[d] + (float) (0.7 * noise.nextGaussian());
            }
            labels[i] = label;
        }
        return new InMemoryImages(name, classNames, IMAGE, pixels, labels);
    }
}
