package dev.bioprompt.runners.engine;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.method.TrainingBatch;
import dev.bioprompt.api.model.ImagePreprocessor;
import dev.bioprompt.api.task.ImageSet;
import dev.bioprompt.api.task.LabeledImage;
import dev.bioprompt.data.augment.ImageTransform;
import dev.bioprompt.data.augment.SampleSeeds;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An {@link ImageSet} decoded on demand, as a training {@link BatchSource} or as {@link EvaluationImages}.
 *
 * <p>Training: the main view is the training augmentation of the decoded image (for example the data module's
 * {@code Augmentations.train(size)}); every extra view is its own transform applied to the main view (for example
 * {@code Augmentations.strongView()}), as the data module's {@code BatchLoader} does. Each image's random draws come
 * from {@code SampleSeeds.random(batchSeed, index, stream)} (stream 0 for the main view, 1.. for the requested views
 * in name order), so a batch is the same whatever the thread timing. Every view is finally turned into the model
 * input by the backbone's {@link ImagePreprocessor}. Evaluation uses the preprocessor alone.
 */
public final class ImageSetImages implements BatchSource, EvaluationImages {

    private static final ImageTransform NONE = (image, random) -> image;

    private final ImageSet set;
    private final ImagePreprocessor preprocessor;
    private final ImageTransform train;
    private final Map<String, ImageTransform> views;

    /**
     * @param set the images
     * @param preprocessor the model's input transform (resize, centre crop, normalise)
     * @param train the training augmentation of the main view
     * @param views the transform of every extra view the source can produce, applied to the main view, by name
     */
    public ImageSetImages(ImageSet set, ImagePreprocessor preprocessor, ImageTransform train,
                          Map<String, ImageTransform> views) {
        this.set = requireNonNull(set, "set is null");
        this.preprocessor = requireNonNull(preprocessor, "preprocessor is null");
        this.train = requireNonNull(train, "train is null");
        this.views = Map.copyOf(requireNonNull(views, "views is null"));
    }

    /** The set with the model's evaluation transform only (and no extra views). */
    public static ImageSetImages evaluation(ImageSet set, ImagePreprocessor preprocessor) {
        return new ImageSetImages(set, preprocessor, NONE, Map.of());
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
        List<BufferedImage> images = new java.util.ArrayList<>();
        for (int i = from; i < to; i++) {
            images.add(decode(i));
        }
        return tensor(manager, images);
    }

    @Override
    public TrainingBatch load(NDManager manager, int[] indices, Set<String> requested, long seed) {
        List<String> viewNames = List.copyOf(new TreeSet<>(requested));
        for (String view : viewNames) {
            if (!views.containsKey(view)) {
                throw new IllegalArgumentException("the method needs the view '" + view + "' but the training set '"
                        + set.name() + "' only has views " + views.keySet());
            }
        }
        List<BufferedImage> main = new java.util.ArrayList<>();
        Map<String, List<BufferedImage>> extra = new LinkedHashMap<>();
        viewNames.forEach(v -> extra.put(v, new java.util.ArrayList<>()));
        long[] labels = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int index = indices[i];
            BufferedImage augmented = train.apply(decode(index), SampleSeeds.random(seed, index, 0));
            main.add(augmented);
            for (int v = 0; v < viewNames.size(); v++) {
                extra.get(viewNames.get(v)).add(views.get(viewNames.get(v))
                        .apply(augmented, SampleSeeds.random(seed, index, v + 1)));
            }
            labels[i] = set.images().get(index).label();
        }
        Map<String, NDArray> viewTensors = new LinkedHashMap<>();
        extra.forEach((name, images) -> viewTensors.put(name, tensor(manager, images)));
        return new TrainingBatch(tensor(manager, main), manager.create(labels), viewTensors);
    }

    private BufferedImage decode(int index) {
        LabeledImage image = set.images().get(index);
        try {
            return image.source().load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image " + image.source().id() + " of set '" + set.name()
                    + "': " + e.getMessage(), e);
        }
    }

    private NDArray tensor(NDManager manager, List<BufferedImage> images) {
        int s = preprocessor.imageSize();
        int perImage = 3 * s * s;
        float[] all = new float[images.size() * perImage];
        for (int i = 0; i < images.size(); i++) {
            float[] pixels = preprocessor.toPixels(images.get(i));
            if (pixels.length != perImage) {
                throw new IllegalStateException("the preprocessor gave " + pixels.length + " values, expected 3x" + s
                        + "x" + s);
            }
            System.arraycopy(pixels, 0, all, i * perImage, perImage);
        }
        return manager.create(all, new Shape(images.size(), 3, s, s));
    }
}
