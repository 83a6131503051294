package dev.bioprompt.runners.engine;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.method.TrainingBatch;
import dev.bioprompt.api.model.ImagePreprocessor;
import dev.bioprompt.api.nd.OwnedArrays;
import dev.bioprompt.api.task.ImageSet;
import dev.bioprompt.api.task.LabeledImage;
import dev.bioprompt.data.augment.ImageTransform;
import dev.bioprompt.data.augment.SampleSeeds;
import dev.bioprompt.data.augment.ViewTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link ImageSet} decoded on demand, as a training {@link BatchSource} or as {@link EvaluationImages}.
 *
 * <p>Training: the main view is the training augmentation of the decoded image (for example the data module's
 * {@code Augmentations.train(size)}), turned into the model input by the backbone's {@link ImagePreprocessor}. Every
 * extra view is its own {@link ViewTransform} of the main view: either on the main view's image, then preprocessed
 * the same way (for example {@code Augmentations.strongView()}, as the data module's {@code BatchLoader} does), or on
 * the main view's normalised pixels, whose result is the model input as is (for example
 * {@code Augmentations.strongViewNormalised()}). Each image's random draws come from
 * {@code SampleSeeds.random(batchSeed, index, stream)} (stream 0 for the main view, 1.. for the requested views in
 * name order), so a batch is the same whatever the thread timing. Evaluation uses the preprocessor alone.
 *
 * <p>Images of a batch decode in parallel on shared decoder threads, and the engine asks for the next batch ahead
 * ({@link #prefetch}) so that decoding overlaps the training step when cores are free.
 */
public final class ImageSetImages implements BatchSource, EvaluationImages {

    private static final ImageTransform NONE = (image, random) -> image;
    /** Batches prepared ahead of the training step. */
    static final int PREFETCH_DEPTH = 2;
    /** Decoder threads shared by every image set of the process (daemon threads, idle when nothing trains). */
    private static final ExecutorService DECODERS = Executors.newFixedThreadPool(
            Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())), new ThreadFactory() {
                private final AtomicInteger count = new AtomicInteger();

                @Override
                public Thread newThread(Runnable r) {
                    Thread t = new Thread(r, "bioprompt-decoder-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }
            });

    private final ImageSet set;
    private final ImagePreprocessor preprocessor;
    private final ImageTransform train;
    private final Map<String, ViewTransform> views;
    private final Map<BatchKey, Future<PreparedBatch>> pending = new ConcurrentHashMap<>();

    /**
     * @param set the images
     * @param preprocessor the model's input transform (resize, centre crop, normalise)
     * @param train the training augmentation of the main view
     * @param views the transform of every extra view the source can produce, applied to the main view, by name
     */
    public ImageSetImages(ImageSet set, ImagePreprocessor preprocessor, ImageTransform train,
                          Map<String, ViewTransform> views) {
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
        List<BufferedImage> images = new ArrayList<>();
        for (int i = from; i < to; i++) {
            images.add(decode(i));
        }
        return tensor(manager, images);
    }

    @Override
    public TrainingBatch load(NDManager manager, int[] indices, Set<String> requested, long seed) {
        BatchKey key = key(indices, requested, seed);
        Future<PreparedBatch> ready = pending.remove(key);
        PreparedBatch batch = ready == null ? prepare(key, true) : await(ready);
        int s = preprocessor.imageSize();
        Map<String, NDArray> viewTensors = new LinkedHashMap<>();
        batch.views().forEach((name, pixels) -> viewTensors.put(name,
                OwnedArrays.of(manager, pixels, new Shape(indices.length, 3, s, s))));
        return new TrainingBatch(OwnedArrays.of(manager, batch.main(), new Shape(indices.length, 3, s, s)),
                OwnedArrays.of(manager, batch.labels()), viewTensors);
    }

    /**
     * Starts decoding and augmenting a batch on the shared decoder threads, so that the next {@link #load} of the
     * same batch does not wait. At most {@value #PREFETCH_DEPTH} batches are prepared ahead.
     */
    @Override
    public void prefetch(int[] indices, Set<String> requested, long seed) {
        BatchKey key = key(indices, requested, seed);
        if (pending.size() < PREFETCH_DEPTH) {
            pending.computeIfAbsent(key, k -> DECODERS.submit(() -> prepare(k, false)));
        }
    }

    /** The pixels of one batch, ready to become tensors. */
    private record PreparedBatch(float[] main, Map<String, float[]> views, long[] labels) {
    }

    /** What identifies a batch: its images, its views and its augmentation seed. */
    private record BatchKey(List<Integer> indices, List<String> views, long seed) {
    }

    private BatchKey key(int[] indices, Set<String> requested, long seed) {
        List<String> viewNames = List.copyOf(new TreeSet<>(requested));
        for (String view : viewNames) {
            if (!views.containsKey(view)) {
                throw new IllegalArgumentException("the method needs the view '" + view + "' but the training set '"
                        + set.name() + "' only has views " + views.keySet());
            }
        }
        return new BatchKey(Arrays.stream(indices).boxed().toList(), viewNames, seed);
    }

    /**
     * Decodes, augments and preprocesses every image of a batch; with {@code parallel}, one decoder task per image.
     * Each image's random draws depend only on (seed, index, view), so the pixels never depend on thread timing.
     */
    private PreparedBatch prepare(BatchKey key, boolean parallel) {
        int n = key.indices().size();
        int perImage = 3 * preprocessor.imageSize() * preprocessor.imageSize();
        float[] main = new float[n * perImage];
        Map<String, float[]> viewPixels = new LinkedHashMap<>();
        key.views().forEach(v -> viewPixels.put(v, new float[n * perImage]));
        long[] labels = new long[n];
        List<Future<?>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int slot = i;
            int index = key.indices().get(i);
            labels[i] = set.images().get(index).label();
            Runnable work = () -> {
                BufferedImage augmented = train.apply(decode(index), SampleSeeds.random(key.seed(), index, 0));
                float[] mainPixels = pixels(augmented, perImage);
                System.arraycopy(mainPixels, 0, main, slot * perImage, perImage);
                for (int v = 0; v < key.views().size(); v++) {
                    String view = key.views().get(v);
                    float[] pixels = viewOf(views.get(view), augmented, mainPixels,
                            SampleSeeds.random(key.seed(), index, v + 1));
                    if (pixels.length != perImage) {
                        throw new IllegalStateException("view '" + view + "' gave " + pixels.length
                                + " values, expected " + perImage);
                    }
                    System.arraycopy(pixels, 0, viewPixels.get(view), slot * perImage, perImage);
                }
            };
            if (parallel && n > 1) {
                tasks.add(DECODERS.submit(work));
            } else {
                work.run();
            }
        }
        tasks.forEach(ImageSetImages::await);
        return new PreparedBatch(main, viewPixels, labels);
    }

    /** One extra view of an image whose main view is {@code main} (image) and {@code mainPixels} (model input). */
    private float[] viewOf(ViewTransform view, BufferedImage main, float[] mainPixels, SplittableRandom random) {
        int s = preprocessor.imageSize();
        if (view instanceof ViewTransform.OnImage onImage) {
            return pixels(onImage.transform().apply(main, random), mainPixels.length);
        }
        if (view instanceof ViewTransform.OnPixels onPixels) {
            return onPixels.transform().apply(mainPixels, s, s, random);
        }
        throw new IllegalStateException("unknown kind of view: " + view);
    }

    private float[] pixels(BufferedImage image, int perImage) {
        float[] pixels = preprocessor.toPixels(image);
        if (pixels.length != perImage) {
            throw new IllegalStateException("the preprocessor gave " + pixels.length + " values, expected "
                    + perImage);
        }
        return pixels;
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while decoding images");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
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
        return OwnedArrays.of(manager, all, new Shape(images.size(), 3, s, s));
    }
}
