package dev.bioprompt.runners.engine;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.method.TrainingBatch;
import dev.bioprompt.api.nd.OwnedArrays;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Already preprocessed images held in Java memory, usable both as a training {@link BatchSource} (without
 * augmentation: every requested view is the image itself) and as {@link EvaluationImages}.
 */
public final class InMemoryImages implements BatchSource, EvaluationImages {

    private final String name;
    private final List<String> classNames;
    private final float[][] pixels;
    private final int[] labels;
    private final long[] imageShape;

    /**
     * @param name the set name
     * @param classNames class names in label order
     * @param imageShape the shape of one image (for example {@code [3, 224, 224]})
     * @param pixels one row-major array per image
     * @param labels one label per image
     */
    public InMemoryImages(String name, List<String> classNames, long[] imageShape, float[][] pixels, int[] labels) {
        this.name = requireNonNull(name, "name is null");
        this.classNames = List.copyOf(requireNonNull(classNames, "classNames is null"));
        this.imageShape = requireNonNull(imageShape, "imageShape is null").clone();
        this.pixels = requireNonNull(pixels, "pixels is null").clone();
        this.labels = requireNonNull(labels, "labels is null").clone();
        if (pixels.length != labels.length) {
            throw new IllegalArgumentException("set '" + name + "': " + pixels.length + " images but "
                    + labels.length + " labels");
        }
        long perImage = new Shape(imageShape).size();
        for (int i = 0; i < pixels.length; i++) {
            if (pixels[i].length != perImage) {
                throw new IllegalArgumentException("set '" + name + "': image " + i + " has " + pixels[i].length
                        + " values, expected " + perImage + " for shape " + Arrays.toString(imageShape));
            }
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("set '" + name + "': label " + labels[i] + " of image " + i
                        + " is out of range for " + classNames.size() + " classes");
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public NDArray load(NDManager manager, int from, int to) {
        int[] indices = new int[to - from];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = from + i;
        }
        return images(manager, indices);
    }

    @Override
    public TrainingBatch load(NDManager manager, int[] indices, Set<String> views, long seed) {
        NDArray images = images(manager, indices);
        long[] batchLabels = Arrays.stream(indices).mapToLong(i -> labels[i]).toArray();
        Map<String, NDArray> extra = new HashMap<>();
        for (String view : views) {
            extra.put(view, images);
        }
        return new TrainingBatch(images, OwnedArrays.of(manager, batchLabels), extra);
    }

    private NDArray images(NDManager manager, int[] indices) {
        int perImage = Math.toIntExact(new Shape(imageShape).size());
        float[] all = new float[indices.length * perImage];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels[indices[i]], 0, all, i * perImage, perImage);
        }
        long[] shape = new long[imageShape.length + 1];
        shape[0] = indices.length;
        System.arraycopy(imageShape, 0, shape, 1, imageShape.length);
        return OwnedArrays.of(manager, all, new Shape(shape));
    }
}
