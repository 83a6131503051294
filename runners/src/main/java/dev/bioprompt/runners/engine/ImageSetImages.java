package dev.bioprompt.runners.engine;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.method.TrainingBatch;
import dev.bioprompt.api.model.ImagePreprocessor;
import dev.bioprompt.api.task.ImageSet;
import dev.bioprompt.api.task.LabeledImage;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * An {@link ImageSet} decoded on demand: as a training {@link BatchSource} with a (random) training transform and
 * one transform per extra view, or as {@link EvaluationImages} with the model's evaluation transform.
 */
public final class ImageSetImages implements BatchSource, EvaluationImages {

    private final ImageSet set;
    private final int imageSize;
    private final ImageTransform transform;
    private final Map<String, ImageTransform> views;

    /**
     * @param set the images
     * @param imageSize the side length the transforms produce
     * @param transform the transform of the main images
     * @param views the transform of every extra view the source can produce, by view name
     */
    public ImageSetImages(ImageSet set, int imageSize, ImageTransform transform, Map<String, ImageTransform> views) {
        this.set = requireNonNull(set, "set is null");
        this.transform = requireNonNull(transform, "transform is null");
        this.views = Map.copyOf(requireNonNull(views, "views is null"));
        if (imageSize <= 0) {
            throw new IllegalArgumentException("image size must be positive, was " + imageSize);
        }
        this.imageSize = imageSize;
    }

    /** The set with the model's evaluation transform (and no extra views). */
    public static ImageSetImages evaluation(ImageSet set, ImagePreprocessor preprocessor) {
        return new ImageSetImages(set, preprocessor.imageSize(), ImageTransform.evaluation(preprocessor), Map.of());
    }

    @Override
    public String name() {
        return set.name();
    }

    @Override
    public List<String> classNames() {
        return set.classNames();
    }

    @Override
    public int[] labels() {
        return set.images().stream().mapToInt(LabeledImage::label).toArray();
    }

    @Override
    public int size() {
        return set.size();
    }

    @Override
    public NDArray load(NDManager manager, int from, int to) {
        int[] indices = new int[to - from];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = from + i;
        }
        return pixels(manager, indices, transform, 0, "images");
    }

    @Override
    public TrainingBatch load(NDManager manager, int[] indices, Set<String> requested, long seed) {
        Map<String, NDArray> extra = new LinkedHashMap<>();
        for (String view : requested) {
            ImageTransform viewTransform = views.get(view);
            if (viewTransform == null) {
                throw new IllegalArgumentException("the method needs the view '" + view + "' but the training set '"
                        + set.name() + "' only has views " + views.keySet());
            }
            extra.put(view, pixels(manager, indices, viewTransform, Seeds.derive(seed, view.hashCode()), view));
        }
        long[] labels = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = set.images().get(indices[i]).label();
        }
        return new TrainingBatch(pixels(manager, indices, transform, seed, "images"), manager.create(labels), extra);
    }

    private NDArray pixels(NDManager manager, int[] indices, ImageTransform t, long seed, String what) {
        int perImage = 3 * imageSize * imageSize;
        float[] all = new float[indices.length * perImage];
        for (int i = 0; i < indices.length; i++) {
            LabeledImage image = set.images().get(indices[i]);
            BufferedImage decoded;
            try {
                decoded = image.source().load();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read image " + image.source().id() + " of set '" + set.name()
                        + "': " + e.getMessage(), e);
            }
            float[] values = t.apply(decoded, new Random(Seeds.derive(seed, indices[i])));
            if (values.length != perImage) {
                throw new IllegalStateException("the " + what + " transform gave " + values.length + " values for "
                        + image.source().id() + ", expected 3x" + imageSize + "x" + imageSize);
            }
            System.arraycopy(values, 0, all, i * perImage, perImage);
        }
        return manager.create(all, new Shape(indices.length, 3, imageSize, imageSize));
    }
}
