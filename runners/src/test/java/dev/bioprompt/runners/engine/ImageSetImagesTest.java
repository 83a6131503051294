package dev.bioprompt.runners.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.method.TrainingBatch;
import dev.bioprompt.api.task.ImageSet;
import dev.bioprompt.api.task.ImageSource;
import dev.bioprompt.api.task.LabeledImage;
import dev.bioprompt.data.augment.Augmentations;
import dev.bioprompt.data.augment.PixelTransform;
import dev.bioprompt.data.augment.SampleSeeds;
import dev.bioprompt.data.augment.ViewTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class ImageSetImagesTest {

    private static ImageSet set() {
        List<LabeledImage> images = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int shade = 40 * i;
            images.add(new LabeledImage(new ImageSource() {
                @Override
                public String id() {
                    return "img" + shade + ".png";
                }

                @Override
                public BufferedImage load() {
                    BufferedImage image = new BufferedImage(96, 80, BufferedImage.TYPE_INT_RGB);
                    for (int y = 0; y < 80; y++) {
                        for (int x = 0; x < 96; x++) {
                            int v = (shade + x * 2 + y) & 0xff;
                            image.setRGB(x, y, v << 16 | (255 - v) << 8 | (x * 3 & 0xff));
                        }
                    }
                    return image;
                }
            }, i % 2));
        }
        images.add(new LabeledImage(new ImageSource() {
            @Override
            public String id() {
                return "broken.png";
            }

            @Override
            public BufferedImage load() throws IOException {
                throw new IOException("broken.png: not a PNG file");
            }
        }, 0));
        return new ImageSet("train", List.of("benign tumor", "normal scan"), images);
    }

    private final ImageSetImages source = new ImageSetImages(set(), TinyBiomedClip.preprocessor(),
            Augmentations.train(64), Map.of("strong", ViewTransform.image(Augmentations.strongView())));

    @Test
    void augmentedBatchesAreReproduciblePerSeed() {
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingBatch a = source.load(m, new int[] {2, 0, 3}, Set.of("strong"), 11);
            TrainingBatch b = source.load(m, new int[] {2, 0, 3}, Set.of("strong"), 11);
            TrainingBatch c = source.load(m, new int[] {2, 0, 3}, Set.of("strong"), 12);
            assertThat(a.images().getShape()).isEqualTo(new Shape(3, 3, 64, 64));
            assertThat(a.labels().toLongArray()).containsExactly(0, 0, 1);
            NDArray strong = a.view("strong").orElseThrow();
            assertThat(strong.getShape()).isEqualTo(new Shape(3, 3, 64, 64));
            assertThat(a.images().toFloatArray()).containsExactly(b.images().toFloatArray());
            assertThat(strong.toFloatArray()).containsExactly(b.view("strong").orElseThrow().toFloatArray());
            assertThat(c.images().toFloatArray()).isNotEqualTo(a.images().toFloatArray());
            assertThat(strong.toFloatArray()).isNotEqualTo(a.images().toFloatArray());
        }
    }

    @Test
    void aPixelViewTransformsTheMainViewsNormalisedPixelsWithItsOwnStream() {
        PixelTransform released = Augmentations.strongViewNormalised();
        ImageSetImages both = new ImageSetImages(set(), TinyBiomedClip.preprocessor(), Augmentations.train(64),
                Map.of("strong-normalised", ViewTransform.pixels(released),
                        "weak", ViewTransform.image(Augmentations.weakView())));
        int[] indices = {2, 0, 3, 1};
        int perImage = 3 * 64 * 64;
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingBatch batch = both.load(m, indices, Set.of("strong-normalised", "weak"), 11);
            float[] main = batch.images().toFloatArray();
            float[] view = batch.view("strong-normalised").orElseThrow().toFloatArray();
            int clamped = 0;
            for (int i = 0; i < indices.length; i++) {
                float[] mainPixels = Arrays.copyOfRange(main, i * perImage, (i + 1) * perImage);
                // streams follow the view names in order: strong-normalised 1, weak 2
                float[] expected = released.apply(mainPixels, 64, 64, SampleSeeds.random(11, indices[i], 1));
                assertThat(Arrays.copyOfRange(view, i * perImage, (i + 1) * perImage))
                        .containsExactly(expected);
                boolean negative = false;
                for (float v : expected) {
                    negative |= v < 0;
                }
                clamped += negative ? 0 : 1;
            }
            assertThat(clamped).as("some views were jittered (and so clamped to [0, 1])").isPositive();
            TrainingBatch again = both.load(m, indices, Set.of("strong-normalised", "weak"), 11);
            assertThat(again.view("strong-normalised").orElseThrow().toFloatArray()).containsExactly(view);
            assertThat(again.view("weak").orElseThrow().toFloatArray())
                    .containsExactly(batch.view("weak").orElseThrow().toFloatArray());
            assertThat(both.load(m, indices, Set.of("strong-normalised"), 12).view("strong-normalised")
                    .orElseThrow().toFloatArray()).isNotEqualTo(view);
        }
    }

    @Test
    void evaluationUsesThePreprocessorOnly() {
        ImageSetImages evaluation = ImageSetImages.evaluation(set(), TinyBiomedClip.preprocessor());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray first = evaluation.load(m, 0, 2);
            assertThat(first.getShape()).isEqualTo(new Shape(2, 3, 64, 64));
            assertThat(first.get(1).toFloatArray()).containsExactly(evaluation.load(m, 1, 2).get(0).toFloatArray());
            assertThat(evaluation.labels()).containsExactly(0, 1, 0, 1, 0);
        }
    }

    @Test
    void errorsNameTheViewAndTheFile() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> source.load(m, new int[] {0}, Set.of("weak"), 1))
                    .hasMessageContaining("'weak'").hasMessageContaining("'train'");
            assertThatThrownBy(() -> source.load(m, new int[] {4}, Set.of(), 1))
                    .hasMessageContaining("broken.png");
        }
    }

    @Test
    void aPrefetchedBatchEqualsTheBatchLoadedOnDemand() {
        ImageSetImages other = new ImageSetImages(set(), TinyBiomedClip.preprocessor(), Augmentations.train(64),
                Map.of("strong", ViewTransform.image(Augmentations.strongView())));
        try (NDManager m = NDManager.newBaseManager()) {
            other.prefetch(new int[] {3, 1, 2, 0}, Set.of("strong"), 21);
            other.prefetch(new int[] {0, 1}, Set.of(), 22);
            TrainingBatch prefetched = other.load(m, new int[] {3, 1, 2, 0}, Set.of("strong"), 21);
            TrainingBatch onDemand = source.load(m, new int[] {3, 1, 2, 0}, Set.of("strong"), 21);
            assertThat(prefetched.images().toFloatArray()).containsExactly(onDemand.images().toFloatArray());
            assertThat(prefetched.view("strong").orElseThrow().toFloatArray())
                    .containsExactly(onDemand.view("strong").orElseThrow().toFloatArray());
            assertThat(prefetched.labels().toLongArray()).containsExactly(onDemand.labels().toLongArray());
            assertThat(other.load(m, new int[] {0, 1}, Set.of(), 22).images().toFloatArray())
                    .containsExactly(source.load(m, new int[] {0, 1}, Set.of(), 22).images().toFloatArray());
        }
    }

    @Test
    void aBrokenImageInAPrefetchedBatchFailsItsLoadNamingTheFile() {
        ImageSetImages other = new ImageSetImages(set(), TinyBiomedClip.preprocessor(), Augmentations.train(64),
                Map.of());
        try (NDManager m = NDManager.newBaseManager()) {
            other.prefetch(new int[] {0, 4}, Set.of(), 5);
            Assertions.assertThatThrownBy(() -> other.load(m, new int[] {0, 4}, Set.of(), 5))
                    .hasMessageContaining("broken.png");
        }
    }
}
