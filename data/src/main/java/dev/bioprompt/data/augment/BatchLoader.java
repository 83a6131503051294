package dev.bioprompt.data.augment;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.task.LabeledImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Iterates over batches of a list of images, decoding and augmenting the next {@code prefetch} batches on a small
 * thread pool. Every image's augmentation draws from a generator seeded by (seed, position in the list, view), so
 * the batches are identical whatever the thread timing or pool size.
 *
 * <p>The list is taken in the given order (the caller shuffles per epoch). A decoding failure surfaces from
 * {@link #next()} as an {@link UncheckedIOException} naming the file. Close the loader to stop its threads.
 */
public final class BatchLoader implements Iterator<LoadedBatch>, AutoCloseable {

    private final List<LabeledImage> items;
    private final int batchSize;
    private final int batches;
    private final ImageTransform transform;
    private final Map<String, ImageTransform> views;
    private final long seed;
    private final int prefetch;
    private final ExecutorService pool;
    private final Deque<List<Future<BufferedImage[]>>> pending = new ArrayDeque<>();
    private int submitted;
    private int returned;

    private BatchLoader(Builder b) {
        this.items = List.copyOf(b.items);
        this.batchSize = b.batchSize;
        this.batches = b.dropLast ? items.size() / batchSize : (items.size() + batchSize - 1) / batchSize;
        this.transform = b.transform;
        this.views = new LinkedHashMap<>(b.views);
        this.seed = b.seed;
        this.prefetch = b.prefetch;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(b.threads, r -> {
            Thread t = new Thread(r, "bioprompt-batch-loader-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        fill();
    }

    /** A builder for batches of {@code items}. */
    public static Builder builder(List<LabeledImage> items) {
        return new Builder(items);
    }

    /** The reference {@code drop_last} rule: drop the last partial batch only if there is at least one full batch. */
    public static boolean referenceDropLast(int size, int batchSize) {
        return size >= batchSize;
    }

    /** Number of batches this loader yields. */
    public int batchCount() {
        return batches;
    }

    @Override
    public boolean hasNext() {
        return returned < batches;
    }

    @Override
    public LoadedBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more batches (" + batches + " in all)");
        }
        List<Future<BufferedImage[]>> futures = pending.removeFirst();
        int index = returned++;
        fill();
        List<LabeledImage> batchItems = items.subList(index * batchSize,
                Math.min(items.size(), (index + 1) * batchSize));
        List<BufferedImage> images = new ArrayList<>();
        Map<String, List<BufferedImage>> viewImages = new LinkedHashMap<>();
        views.keySet().forEach(v -> viewImages.put(v, new ArrayList<>()));
        for (Future<BufferedImage[]> f : futures) {
            BufferedImage[] result;
            try {
                result = f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while loading batch " + index, e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof UncheckedIOException u) {
                    throw new UncheckedIOException(u.getCause().getMessage(), u.getCause());
                }
                throw new IllegalStateException("loading batch " + index + " failed: " + cause, cause);
            }
            images.add(result[0]);
            int v = 1;
            for (String view : views.keySet()) {
                viewImages.get(view).add(result[v++]);
            }
        }
        return new LoadedBatch(index, batchItems, images, viewImages);
    }

    private void fill() {
        while (submitted < batches && submitted - returned < prefetch) {
            int start = submitted * batchSize;
            int end = Math.min(items.size(), start + batchSize);
            List<Future<BufferedImage[]>> futures = new ArrayList<>();
            for (int position = start; position < end; position++) {
                int p = position;
                futures.add(pool.submit(() -> load(p)));
            }
            pending.addLast(futures);
            submitted++;
        }
    }

    private BufferedImage[] load(int position) {
        BufferedImage decoded;
        try {
            decoded = items.get(position).source().load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BufferedImage[] out = new BufferedImage[1 + views.size()];
        out[0] = transform.apply(decoded, SampleSeeds.random(seed, position, 0));
        int stream = 1;
        for (ImageTransform view : views.values()) {
            SplittableRandom random = SampleSeeds.random(seed, position, stream);
            out[stream++] = view.apply(out[0], random);
        }
        return out;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** Configures a {@link BatchLoader}. */
    public static final class Builder {
        private final List<LabeledImage> items;
        private int batchSize = 32;
        private boolean dropLast;
        private ImageTransform transform;
        private final Map<String, ImageTransform> views = new LinkedHashMap<>();
        private long seed;
        private int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        private int prefetch = 2;

        private Builder(List<LabeledImage> items) {
            this.items = requireNonNull(items, "items is null");
        }

        /** Images per batch. */
        public Builder batchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batch size must be positive, was " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Whether to drop a final partial batch (see {@link #referenceDropLast}). */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** The main view's transform (for example {@link Augmentations#train}). */
        public Builder transform(ImageTransform transform) {
            this.transform = requireNonNull(transform, "transform is null");
            return this;
        }

        /** An extra named view computed from the main view (for example {@code strong}). */
        public Builder view(String name, ImageTransform view) {
            views.put(requireNonNull(name, "name is null"), requireNonNull(view, "view is null"));
            return this;
        }

        /** The seed the per-sample generators derive from (use a fresh one per epoch). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Decoding threads (default: up to 4). */
        public Builder threads(int threads) {
            if (threads <= 0) {
                throw new IllegalArgumentException("threads must be positive, was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Batches decoded ahead of the consumer (default 2). */
        public Builder prefetch(int prefetch) {
            if (prefetch <= 0) {
                throw new IllegalArgumentException("prefetch must be positive, was " + prefetch);
            }
            this.prefetch = prefetch;
            return this;
        }

        /** Starts the loader (and its threads). */
        public BatchLoader build() {
            requireNonNull(transform, "transform is not set");
            return new BatchLoader(this);
        }
    }
}
