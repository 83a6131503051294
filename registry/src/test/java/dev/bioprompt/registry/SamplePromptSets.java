package dev.bioprompt.registry;

import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.promptset.PromptSetManifest;
import dev.bioprompt.api.promptset.Tensor;
import java.util.List;
import java.util.Map;

/** Small prompt sets for registry tests. */
final class SamplePromptSets {

    private SamplePromptSets() {
    }

    /** A prompt set with a 4x8 context tensor whose values depend on {@code seed}. */
    static PromptSet sample(String sourceRun, int seed) {
        return withTensorSize(sourceRun, seed, 32);
    }

    /** A prompt set whose single tensor has {@code values} floats. */
    static PromptSet withTensorSize(String sourceRun, int seed, int values) {
        float[] data = new float[values];
        for (int i = 0; i < values; i++) {
            data[i] = seed * 1000 + i * 0.5f;
        }
        PromptSetManifest manifest = new PromptSetManifest(PromptSetManifest.FORMAT_VERSION, "coop",
                Map.of("n-ctx", "4"), "biomedclip-test", "btmri", List.of("glioma", "meningioma", "pituitary"),
                List.of("a photo of a {}."), Map.of("accuracy", 80.0 + seed), sourceRun, "2026-11-23T14:00:00Z",
                Map.of());
        long[] shape = values == 32 ? new long[] {4, 8} : new long[] {values};
        return new PromptSet(manifest, Map.of("ctx", new Tensor(shape, data)));
    }
}
