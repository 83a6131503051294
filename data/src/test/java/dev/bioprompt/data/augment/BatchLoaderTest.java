package dev.bioprompt.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.task.ImageSource;
import dev.bioprompt.api.task.LabeledImage;
import dev.bioprompt.data.FileImageSource;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchLoaderTest {

    private static List<LabeledImage> images(int n) {
        List<LabeledImage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            out.add(new LabeledImage(new ImageSource() {
                @Override
                public String id() {
                    return "img" + k;
                }

                @Override
                public BufferedImage load() {
                    return AugmentationsTest.gradient(40 + k, 30 + 2 * k);
                }
            }, i % 3));
        }
        return out;
    }

    private static List<int[]> run(int threads, int prefetch) {
        List<int[]> out = new ArrayList<>();
        try (BatchLoader loader = BatchLoader.builder(images(11)).batchSize(4).seed(42).threads(threads)
                .prefetch(prefetch).transform(Augmentations.train(24)).view("strong", Augmentations.strongView())
                .build()) {
            assertThat(loader.batchCount()).isEqualTo(3);
            while (loader.hasNext()) {
                LoadedBatch batch = loader.next();
                for (int i = 0; i < batch.images().size(); i++) {
                    out.add(AugmentationsTest.pixels(batch.images().get(i)));
                    out.add(AugmentationsTest.pixels(batch.views().get("strong").get(i)));
                }
            }
        }
        return out;
    }

    @Test
    void batchesAreIdenticalWhateverThePoolSizeAndPrefetch() {
        List<int[]> single = run(1, 1);
        List<int[]> parallel = run(4, 3);
        assertThat(single).hasSize(22);
        for (int i = 0; i < single.size(); i++) {
            assertThat(parallel.get(i)).isEqualTo(single.get(i));
        }
        assertThat(single.get(0)).isNotEqualTo(single.get(2));
    }

    @Test
    void dropLastFollowsTheReferenceRule() {
        assertThat(BatchLoader.referenceDropLast(3, 4)).isFalse();
        assertThat(BatchLoader.referenceDropLast(6, 4)).isTrue();
        try (BatchLoader loader = BatchLoader.builder(images(6)).batchSize(4).dropLast(true)
                .transform(Augmentations.test(8)).build()) {
            LoadedBatch only = loader.next();
            assertThat(only.labels()).containsExactly(0, 1, 2, 0);
            assertThat(loader.hasNext()).isFalse();
        }
        try (BatchLoader loader = BatchLoader.builder(images(3)).batchSize(4).dropLast(false)
                .transform(Augmentations.test(8)).build()) {
            assertThat(loader.next().images()).hasSize(3);
        }
    }

    @Test
    void decodingFailureNamesTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("gone.png");
        List<LabeledImage> items = List.of(new LabeledImage(new FileImageSource("gone.png", missing), 0));
        try (BatchLoader loader = BatchLoader.builder(items).batchSize(1).transform(Augmentations.test(8)).build()) {
            assertThatThrownBy(loader::next).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(missing.toString()).hasCauseInstanceOf(IOException.class);
        }
    }
}
